// SPDX-License-Identifier: GPL-2.0
/*
 * Instantiates the trace events declared in pv_trace.h.
 */
#define CREATE_TRACE_POINTS
#include "pv_trace.h"
