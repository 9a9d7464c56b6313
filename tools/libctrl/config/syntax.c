// SPDX-License-Identifier: GPL-2.0-only
/*
 * Lexer and parser for the xl.cfg surface syntax. Statements end at a
 * newline or ';'; '#' starts a comment; strings take single or double
 * quotes with C escapes; lists in [ ] may span lines, with comments and a
 * trailing comma. The input is untrusted (fuzzed): every index is checked
 * against len and the text need not be NUL-terminated.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syntax.h"

enum tok {
	T_EOF,
	T_END,	  /* newline or ';' */
	T_IDENT,
	T_NUMBER,
	T_STRING,
	T_ASSIGN, /* = */
	T_APPEND, /* += */
	T_LBRACK,
	T_RBRACK,
	T_COMMA,
	T_ERROR
};

struct lexer {
	const char *s;
	size_t len, pos;
	int line;
	const char *file;
	char *err;
	size_t errlen;
	/* current token */
	enum tok tok;
	char *text;
	int tok_line;
	bool newline; /* T_END came from a newline (not ';') */
};

static void lx_error(struct lexer *lx, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void lx_error(struct lexer *lx, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (lx->tok == T_ERROR)
		return; /* keep the first message */
	n = snprintf(lx->err, lx->errlen, "%s:%d: ", lx->file, line);
	if (n < 0 || (size_t)n >= lx->errlen)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(lx->err + n, lx->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	lx->tok = T_ERROR;
}

static int peekc(const struct lexer *lx, size_t off)
{
	return lx->pos + off < lx->len ? (unsigned char)lx->s[lx->pos + off]
				       : -1;
}

static bool is_ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident_char(int c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9') || c == '.' ||
	       c == '-';
}

static bool is_number_char(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '.' || c == '_';
}

static char *dup_range(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static int octal_digit(int c)
{
	return c >= '0' && c <= '7' ? c - '0' : -1;
}

static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A quoted string starting at the quote; escapes as in C. */
static void lex_string(struct lexer *lx)
{
	int quote = peekc(lx, 0);
	size_t cap = 16, n = 0;
	char *out = malloc(cap);

	if (!out) {
		lx_error(lx, lx->line, "out of memory");
		return;
	}
	lx->pos++;
	for (;;) {
		int c = peekc(lx, 0), v;

		if (c < 0 || c == '\n') {
			lx_error(lx, lx->tok_line, "unterminated string");
			free(out);
			return;
		}
		lx->pos++;
		if (c == quote)
			break;
		if (c == '\\') {
			c = peekc(lx, 0);
			if (c < 0 || c == '\n') {
				lx_error(lx, lx->tok_line,
					 "unterminated string");
				free(out);
				return;
			}
			lx->pos++;
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'a': c = '\a'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'v': c = '\v'; break;
			case 'x':
				v = hex_digit(peekc(lx, 0));
				if (v < 0) {
					lx_error(lx, lx->line,
						 "bad \\x escape in string");
					free(out);
					return;
				}
				lx->pos++;
				c = v;
				if ((v = hex_digit(peekc(lx, 0))) >= 0) {
					lx->pos++;
					c = c * 16 + v;
				}
				break;
			default:
				if ((v = octal_digit(c)) >= 0) {
					int i;

					c = v;
					for (i = 0; i < 2; i++) {
						v = octal_digit(peekc(lx, 0));
						if (v < 0)
							break;
						lx->pos++;
						c = c * 8 + v;
					}
					if (c > 255) {
						lx_error(lx, lx->line,
							 "octal escape out of range");
						free(out);
						return;
					}
				}
				/* \\ \" \' and anything else: the character */
				break;
			}
			if (c == 0) {
				lx_error(lx, lx->line,
					 "NUL character in string");
				free(out);
				return;
			}
		}
		if (n + 2 > cap) {
			char *p = realloc(out, cap * 2);

			if (!p) {
				free(out);
				lx_error(lx, lx->line, "out of memory");
				return;
			}
			out = p;
			cap *= 2;
		}
		out[n++] = (char)c;
	}
	out[n] = '\0';
	lx->tok = T_STRING;
	lx->text = out;
}

static void lex_next(struct lexer *lx)
{
	int c;

	free(lx->text);
	lx->text = NULL;
	if (lx->tok == T_ERROR)
		return;
	for (;;) {
		c = peekc(lx, 0);
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' ||
		    c == '\v') {
			lx->pos++;
			continue;
		}
		if (c == '#') {
			while (peekc(lx, 0) >= 0 && peekc(lx, 0) != '\n')
				lx->pos++;
			continue;
		}
		/* A backslash-newline continues a line, as in xl. */
		if (c == '\\' && peekc(lx, 1) == '\n') {
			lx->pos += 2;
			lx->line++;
			continue;
		}
		break;
	}
	lx->tok_line = lx->line;
	lx->newline = false;
	if (c < 0) {
		lx->tok = T_EOF;
		return;
	}
	if (c == '\n' || c == ';') {
		lx->pos++;
		if (c == '\n') {
			lx->line++;
			lx->newline = true;
		}
		lx->tok = T_END;
		return;
	}
	if (c == '\0') {
		lx_error(lx, lx->line, "NUL byte in configuration");
		return;
	}
	if (is_ident_start(c)) {
		size_t start = lx->pos;

		while (is_ident_char(peekc(lx, 0)))
			lx->pos++;
		lx->text = dup_range(lx->s + start, lx->pos - start);
		lx->tok = lx->text ? T_IDENT : T_ERROR;
		return;
	}
	if ((c >= '0' && c <= '9') ||
	    ((c == '-' || c == '+') && peekc(lx, 1) >= '0' &&
	     peekc(lx, 1) <= '9')) {
		size_t start = lx->pos++;

		while (is_number_char(peekc(lx, 0)))
			lx->pos++;
		lx->text = dup_range(lx->s + start, lx->pos - start);
		lx->tok = lx->text ? T_NUMBER : T_ERROR;
		return;
	}
	if (c == '"' || c == '\'') {
		lex_string(lx);
		return;
	}
	lx->pos++;
	switch (c) {
	case '=': lx->tok = T_ASSIGN; return;
	case '[': lx->tok = T_LBRACK; return;
	case ']': lx->tok = T_RBRACK; return;
	case ',': lx->tok = T_COMMA; return;
	case '+':
		if (peekc(lx, 0) == '=') {
			lx->pos++;
			lx->tok = T_APPEND;
			return;
		}
		break;
	}
	if (c >= 0x20 && c < 0x7f)
		lx_error(lx, lx->line, "unexpected character '%c'", c);
	else
		lx_error(lx, lx->line, "unexpected byte 0x%02x", c);
}

static const char *tok_desc(const struct lexer *lx)
{
	switch (lx->tok) {
	case T_EOF: return "end of file";
	case T_END: return lx->newline ? "end of line" : "';'";
	case T_IDENT: return "a bare word (strings need quotes)";
	case T_NUMBER: return "a number";
	case T_STRING: return "a string";
	case T_ASSIGN: return "'='";
	case T_APPEND: return "'+='";
	case T_LBRACK: return "'['";
	case T_RBRACK: return "']'";
	case T_COMMA: return "','";
	default: return "an error";
	}
}

static int take_atom(struct lexer *lx, struct cfg_atom *a)
{
	if (lx->tok != T_STRING && lx->tok != T_NUMBER)
		return -1;
	a->text = lx->text;
	a->quoted = lx->tok == T_STRING;
	a->line = lx->tok_line;
	lx->text = NULL;
	lex_next(lx);
	return 0;
}

static void skip_newlines(struct lexer *lx)
{
	while (lx->tok == T_END && lx->newline)
		lex_next(lx);
}

static int parse_list(struct lexer *lx, struct cfg_setting *st)
{
	size_t cap = 0;

	lex_next(lx); /* '[' */
	skip_newlines(lx);
	while (lx->tok != T_RBRACK) {
		struct cfg_atom a;

		if (lx->tok == T_ERROR)
			return -EINVAL;
		if (lx->tok == T_LBRACK) {
			lx_error(lx, lx->tok_line,
				 "%s: lists cannot be nested", st->key);
			return -EINVAL;
		}
		if (take_atom(lx, &a)) {
			lx_error(lx, lx->tok_line,
				 "%s: expected a string, a number or ']' in "
				 "the list, found %s",
				 st->key, tok_desc(lx));
			return -EINVAL;
		}
		if (st->nr_items == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			struct cfg_atom *p =
				realloc(st->items, ncap * sizeof(*p));

			if (!p) {
				free(a.text);
				lx_error(lx, lx->line, "out of memory");
				return -ENOMEM;
			}
			st->items = p;
			cap = ncap;
		}
		st->items[st->nr_items++] = a;
		skip_newlines(lx);
		if (lx->tok == T_COMMA) {
			lex_next(lx);
			skip_newlines(lx);
		} else if (lx->tok != T_RBRACK) {
			if (lx->tok != T_ERROR)
				lx_error(lx, lx->tok_line,
					 "%s: expected ',' or ']' in the "
					 "list, found %s",
					 st->key, tok_desc(lx));
			return -EINVAL;
		}
	}
	lex_next(lx); /* ']' */
	return 0;
}

static int doc_push(struct cfg_doc *doc, struct cfg_setting *st)
{
	if (doc->nr == doc->cap) {
		size_t ncap = doc->cap ? doc->cap * 2 : 16;
		struct cfg_setting *p =
			realloc(doc->settings, ncap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		doc->settings = p;
		doc->cap = ncap;
	}
	doc->settings[doc->nr++] = *st;
	return 0;
}

static void setting_free(struct cfg_setting *st)
{
	size_t i;

	free(st->key);
	free(st->atom.text);
	for (i = 0; i < st->nr_items; i++)
		free(st->items[i].text);
	free(st->items);
}

static int parse_statement(struct lexer *lx, struct cfg_doc *doc)
{
	struct cfg_setting st = { .file = lx->file };
	int rc = -EINVAL;

	if (lx->tok != T_IDENT) {
		lx_error(lx, lx->tok_line,
			 "expected a setting name, found %s", tok_desc(lx));
		return -EINVAL;
	}
	st.key = lx->text;
	st.line = lx->tok_line;
	lx->text = NULL;
	lex_next(lx);
	if (lx->tok == T_APPEND) {
		st.append = true;
	} else if (lx->tok != T_ASSIGN) {
		lx_error(lx, lx->tok_line, "expected '=' after '%s', found %s",
			 st.key, tok_desc(lx));
		goto out;
	}
	lex_next(lx);
	if (lx->tok == T_LBRACK) {
		st.is_list = true;
		if (parse_list(lx, &st))
			goto out;
	} else if (take_atom(lx, &st.atom)) {
		lx_error(lx, lx->tok_line,
			 "%s: expected a value (string, number or list), "
			 "found %s",
			 st.key, tok_desc(lx));
		goto out;
	}
	if (lx->tok != T_END && lx->tok != T_EOF) {
		lx_error(lx, lx->tok_line,
			 "%s: expected the end of the setting, found %s",
			 st.key, tok_desc(lx));
		goto out;
	}
	if (doc_push(doc, &st)) {
		lx_error(lx, st.line, "out of memory");
		rc = -ENOMEM;
		goto out;
	}
	return 0;
out:
	setting_free(&st);
	return rc;
}

int cfg_syntax_parse(struct cfg_doc *doc, const char *file, int first_line,
		     const char *text, size_t len, char *err, size_t errlen)
{
	struct lexer lx = {
		.s = text, .len = len, .line = first_line, .file = file,
		.err = err, .errlen = errlen, .tok = T_EOF,
	};
	int rc = 0;

	if (errlen)
		err[0] = '\0';
	lex_next(&lx);
	while (lx.tok != T_EOF) {
		if (lx.tok == T_ERROR) {
			rc = -EINVAL;
			break;
		}
		if (lx.tok == T_END) {
			lex_next(&lx);
			continue;
		}
		rc = parse_statement(&lx, doc);
		if (rc)
			break;
	}
	free(lx.text);
	return rc;
}

void cfg_doc_free(struct cfg_doc *doc)
{
	size_t i;

	for (i = 0; i < doc->nr; i++)
		setting_free(&doc->settings[i]);
	free(doc->settings);
	memset(doc, 0, sizeof(*doc));
}
