/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libctrl's public interface, one include for programs that link it
 * (installed as <libctrl/libctrl.h>; `pkg-config --cflags libctrl` adds
 * the include directory the layer headers are found in). The layers, from
 * the bottom: transport (hypercalls through privcmd), dev (evtchn and
 * gntdev), dom (domctl, sysctl, memory), build (the PV domain builder),
 * store (xenstore client), config (guest.cfg and domain XML), vm (the
 * guest lifecycle xl drives).
 */
#ifndef LIBCTRL_H
#define LIBCTRL_H

#include "transport/transport.h"
#include "dev/dev.h"
#include "dom/dom.h"
#include "build/build.h"
#include "store/xs.h"
#include "config/config.h"
#include "config/model.h"
#include "vm/vm.h"

#endif
