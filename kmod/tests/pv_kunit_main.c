// SPDX-License-Identifier: GPL-2.0
/*
 * partvisor_test.ko: the KUnit suites of partvisor (one file per suite in
 * kmod/tests/), each compiling in the pure unit it tests.
 */
#include <linux/module.h>

MODULE_DESCRIPTION("KUnit tests for partvisor");
MODULE_LICENSE("GPL");
