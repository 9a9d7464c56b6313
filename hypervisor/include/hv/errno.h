/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Error numbers used inside the hypervisor. Functions return them negated
 * (-EINVAL). The values are the guest-visible ones of Xen's public errno.h
 * (x86 Linux numbering), so a code can be handed to a guest unchanged.
 */
#ifndef HV_ERRNO_H
#define HV_ERRNO_H

#define EPERM		1	/* operation not permitted */
#define ENOENT		2	/* no such entry */
#define ESRCH		3	/* no such domain/process */
#define EINTR		4	/* interrupted */
#define EIO		5	/* I/O error */
#define ENXIO		6	/* no such device or address */
#define E2BIG		7	/* argument list too long */
#define ENOEXEC		8	/* not an executable we can load */
#define EBADF		9	/* bad handle */
#define ECHILD		10	/* no child */
#define EAGAIN		11	/* try again */
#define EWOULDBLOCK	11	/* same value as EAGAIN */
#define ENOMEM		12	/* out of memory */
#define EACCES		13	/* permission denied */
#define EFAULT		14	/* bad address */
#define EBUSY		16	/* resource busy */
#define EEXIST		17	/* already exists */
#define EXDEV		18	/* cross-domain operation */
#define ENODEV		19	/* no such device */
#define ENOTDIR		20	/* not a directory */
#define EISDIR		21	/* is a directory */
#define EINVAL		22	/* invalid argument */
#define ENFILE		23	/* table overflow */
#define EMFILE		24	/* too many open handles */
#define ENOSPC		28	/* no space left */
#define EROFS		30	/* read-only */
#define EMLINK		31	/* too many links */
#define EDOM		33	/* argument out of domain */
#define ERANGE		34	/* result out of range */
#define EDEADLK		35	/* deadlock would occur */
#define EDEADLOCK	35	/* same value as EDEADLK */
#define ENAMETOOLONG	36	/* name too long */
#define ENOLCK		37	/* no locks available */
#define ENOSYS		38	/* function not implemented */
#define ENOTEMPTY	39	/* not empty */
#define ENODATA		61	/* no data available */
#define ETIME		62	/* timer expired */
#define EBADMSG		74	/* malformed message */
#define EOVERFLOW	75	/* value too large for the type */
#define EILSEQ		84	/* illegal byte sequence */
#define ERESTART	85	/* interrupted; restart the call */
#define ENOTSOCK	88	/* not a socket */
#define EMSGSIZE	90	/* message too long */
#define EOPNOTSUPP	95	/* operation not supported */
#define EADDRINUSE	98	/* address in use */
#define EADDRNOTAVAIL	99	/* address not available */
#define ENOBUFS		105	/* no buffer space */
#define EISCONN		106	/* already connected */
#define ENOTCONN	107	/* not connected */
#define ETIMEDOUT	110	/* timed out */
#define ECONNREFUSED	111	/* connection refused */

#endif /* HV_ERRNO_H */
