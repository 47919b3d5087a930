// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite partvisor_vmx_caps: decoding of the VMX capability MSRs and
 * partvisor's load requirements, driven by synthetic MSR values.
 *
 * The unit under test is compiled into this module (it is pure code), so
 * the suite runs on machines where partvisor.ko itself refuses to load.
 */
#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/partvisor.h>

#include "../vmx/vmx_caps.c"

#define REQ(r) BIT(PV_VMX_REQ_##r)

#define CTL(allowed0, allowed1) (((u64)(allowed1) << 32) | (allowed0))

/* A complete, Skylake-like capability set: partvisor needs nothing more. */
static void full_msrs(struct pv_vmx_msrs *m)
{
	u32 proc2 = SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES | SECONDARY_EXEC_ENABLE_EPT |
		    SECONDARY_EXEC_ENABLE_VPID | SECONDARY_EXEC_UNRESTRICTED_GUEST |
		    SECONDARY_EXEC_APIC_REGISTER_VIRT | SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY |
		    SECONDARY_EXEC_SHADOW_VMCS | SECONDARY_EXEC_ENABLE_PML;
	u64 vpid = VMX_VPID_INVVPID_BIT | VMX_VPID_EXTENT_INDIVIDUAL_ADDR_BIT |
		   VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT | VMX_VPID_EXTENT_GLOBAL_CONTEXT_BIT |
		   VMX_VPID_EXTENT_SINGLE_NON_GLOBAL_BIT;

	memset(m, 0, sizeof(*m));
	m->feature_control = FEAT_CTL_LOCKED | FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX;
	m->basic = 0x4 | (4096ULL << VMX_BASIC_VMCS_SIZE_SHIFT) |
		   (VMX_BASIC_MEM_TYPE_WB << VMX_BASIC_MEM_TYPE_SHIFT) |
		   VMX_BASIC_INOUT | VMX_BASIC_TRUE_CTLS;
	m->pinbased = CTL(0x16, 0x16 | PIN_BASED_VMX_PREEMPTION_TIMER);
	m->true_pinbased = m->pinbased;
	m->procbased = CTL(0x0401e172, 0xfff9fffe);
	m->true_procbased = CTL(0x04006172, 0xfff9fffe);
	m->exit = CTL(0x00036dff, 0x003fefff);
	m->true_exit = CTL(0x00036dfb, 0x003fefff);
	m->entry = CTL(0x000011ff, 0x0000f3ff);
	m->true_entry = CTL(0x000011fb, 0x0000f3ff);
	m->procbased2 = CTL(0, proc2);
	m->ept_vpid_cap = VMX_EPT_EXECUTE_ONLY_BIT | VMX_EPT_PAGE_WALK_4_BIT |
			  VMX_EPTP_UC_BIT | VMX_EPTP_WB_BIT | VMX_EPT_2MB_PAGE_BIT |
			  VMX_EPT_1GB_PAGE_BIT | VMX_EPT_INVEPT_BIT | VMX_EPT_AD_BIT |
			  VMX_EPT_EXTENT_CONTEXT_BIT | VMX_EPT_EXTENT_GLOBAL_BIT |
			  (vpid << 32);
	m->misc = 5 | VMX_MISC_SAVE_EFER_LMA | VMX_MISC_ACTIVITY_HLT;
	m->cr0_fixed0 = X86_CR0_PG | X86_CR0_NE | X86_CR0_PE;
	m->cr0_fixed1 = 0xffffffff;
	m->cr4_fixed0 = X86_CR4_VMXE;
	m->cr4_fixed1 = 0x003767ff;
}

static void full_probe(struct pv_vmx_probe *p)
{
	memset(p, 0, sizeof(*p));
	p->cpuid_vmx = true;
	p->msrs_readable = true;
	full_msrs(&p->msrs);
}

static void decode_full_set_has_every_feature(struct kunit *test)
{
	struct pv_vmx_msrs m;
	struct pv_vmx_caps c;
	u64 all = GENMASK_ULL(__PARTVISOR_VMX_F_MAX - 1, 0);

	full_msrs(&m);
	pv_vmx_caps_decode(&m, &c);
	KUNIT_EXPECT_EQ(test, c.revision_id, 0x4U);
	KUNIT_EXPECT_EQ(test, c.vmcs_size, 4096U);
	KUNIT_EXPECT_EQ(test, c.vmcs_memtype, (u8)VMX_BASIC_MEM_TYPE_WB);
	KUNIT_EXPECT_EQ(test, c.preemption_timer_rate, 5);
	/* Everything but posted interrupts (not offered) and VMXON (not tried). */
	KUNIT_EXPECT_EQ(test, c.features,
			all & ~BIT_ULL(PARTVISOR_VMX_F_POSTED_INTR) &
			~BIT_ULL(PARTVISOR_VMX_F_VMXON_OK));
	KUNIT_EXPECT_EQ(test, pv_vmx_caps_missing(&c), 0U);
}

static void decode_masks_revision_bit31(struct kunit *test)
{
	struct pv_vmx_msrs m;
	struct pv_vmx_caps c;

	full_msrs(&m);
	m.basic |= BIT_ULL(31) | 0x12345;
	pv_vmx_caps_decode(&m, &c);
	KUNIT_EXPECT_EQ(test, c.revision_id, 0x12345U);
}

static void decode_uses_true_ctls_when_advertised(struct kunit *test)
{
	struct pv_vmx_msrs m;
	struct pv_vmx_caps c;

	full_msrs(&m);
	m.true_pinbased = CTL(0x16, 0x16);
	pv_vmx_caps_decode(&m, &c);
	KUNIT_EXPECT_FALSE(test, c.features & BIT_ULL(PARTVISOR_VMX_F_PREEMPTION_TIMER));
	KUNIT_EXPECT_EQ(test, pv_vmx_caps_missing(&c), (u32)REQ(PREEMPTION_TIMER));

	/* Without IA32_VMX_BASIC[55] the TRUE MSRs do not exist: ignore them. */
	m.basic &= ~VMX_BASIC_TRUE_CTLS;
	pv_vmx_caps_decode(&m, &c);
	KUNIT_EXPECT_TRUE(test, c.features & BIT_ULL(PARTVISOR_VMX_F_PREEMPTION_TIMER));
	KUNIT_EXPECT_FALSE(test, c.features & BIT_ULL(PARTVISOR_VMX_F_TRUE_CTLS));
	KUNIT_EXPECT_EQ(test, pv_vmx_caps_missing(&c), 0U);
}

static void decode_ignores_secondary_without_activation(struct kunit *test)
{
	struct pv_vmx_msrs m;
	struct pv_vmx_caps c;

	full_msrs(&m);
	m.true_procbased &= ~((u64)CPU_BASED_ACTIVATE_SECONDARY_CONTROLS << 32);
	pv_vmx_caps_decode(&m, &c);
	KUNIT_EXPECT_EQ(test, c.proc2_allowed1, 0U);
	KUNIT_EXPECT_FALSE(test, c.features & BIT_ULL(PARTVISOR_VMX_F_EPT));
	KUNIT_EXPECT_FALSE(test, c.features & BIT_ULL(PARTVISOR_VMX_F_EPT_WALK_4));
	KUNIT_EXPECT_EQ(test, pv_vmx_caps_missing(&c),
			(u32)(REQ(CONTROLS) | REQ(EPT) | REQ(UNRESTRICTED) | REQ(VPID)));
}

static void decode_reads_vpid_caps_from_high_dword(struct kunit *test)
{
	struct pv_vmx_msrs m;
	struct pv_vmx_caps c;

	full_msrs(&m);
	/* The INVVPID bits placed in the low (EPT) half must not count. */
	m.ept_vpid_cap = (m.ept_vpid_cap & 0xffffffff) | VMX_VPID_INVVPID_BIT |
			 VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT;
	pv_vmx_caps_decode(&m, &c);
	KUNIT_EXPECT_FALSE(test, c.features & BIT_ULL(PARTVISOR_VMX_F_INVVPID_SINGLE));
	KUNIT_EXPECT_EQ(test, pv_vmx_caps_missing(&c), (u32)REQ(VPID));
}

struct missing_case {
	const char *name;
	void (*mutate)(struct pv_vmx_msrs *m);
	u32 missing;
};

static void clear_proc2(struct pv_vmx_msrs *m, u32 bits)
{
	m->procbased2 &= ~((u64)bits << 32);
}

static void no_ept(struct pv_vmx_msrs *m) { clear_proc2(m, SECONDARY_EXEC_ENABLE_EPT); }
static void no_ug(struct pv_vmx_msrs *m) { clear_proc2(m, SECONDARY_EXEC_UNRESTRICTED_GUEST); }
static void no_vpid(struct pv_vmx_msrs *m) { clear_proc2(m, SECONDARY_EXEC_ENABLE_VPID); }
static void no_walk4(struct pv_vmx_msrs *m) { m->ept_vpid_cap &= ~VMX_EPT_PAGE_WALK_4_BIT; }
static void no_ept_wb(struct pv_vmx_msrs *m) { m->ept_vpid_cap &= ~VMX_EPTP_WB_BIT; }
static void no_invept_all(struct pv_vmx_msrs *m) { m->ept_vpid_cap &= ~VMX_EPT_EXTENT_GLOBAL_BIT; }
static void no_invept(struct pv_vmx_msrs *m) { m->ept_vpid_cap &= ~VMX_EPT_INVEPT_BIT; }
static void no_invvpid_single(struct pv_vmx_msrs *m)
{
	m->ept_vpid_cap &= ~((u64)VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT << 32);
}

static void no_timer(struct pv_vmx_msrs *m)
{
	m->true_pinbased &= ~((u64)PIN_BASED_VMX_PREEMPTION_TIMER << 32);
}

static void vmcs_uc(struct pv_vmx_msrs *m) { m->basic &= ~VMX_BASIC_MEM_TYPE_MASK; }
static void vmcs_8k(struct pv_vmx_msrs *m)
{
	m->basic = (m->basic & ~(0x1fffULL << 32)) | (8192ULL << 32);
}

static void no_msr_bitmaps(struct pv_vmx_msrs *m)
{
	m->true_procbased &= ~((u64)CPU_BASED_USE_MSR_BITMAPS << 32);
}

static void no_exit_efer(struct pv_vmx_msrs *m)
{
	m->true_exit &= ~((u64)VM_EXIT_LOAD_IA32_EFER << 32);
}

static void no_entry_ia32e(struct pv_vmx_msrs *m)
{
	m->true_entry &= ~((u64)VM_ENTRY_IA32E_MODE << 32);
}

static void no_hlt(struct pv_vmx_msrs *m) { m->misc &= ~VMX_MISC_ACTIVITY_HLT; }
static void no_optional(struct pv_vmx_msrs *m)
{
	m->ept_vpid_cap &= ~(VMX_EPT_2MB_PAGE_BIT | VMX_EPT_1GB_PAGE_BIT | VMX_EPT_AD_BIT);
	clear_proc2(m, SECONDARY_EXEC_ENABLE_PML | SECONDARY_EXEC_SHADOW_VMCS);
}

static const struct missing_case missing_cases[] = {
	{ "no EPT", no_ept, REQ(EPT) },
	{ "no 4-level EPT walk", no_walk4, REQ(EPT) },
	{ "no write-back EPT", no_ept_wb, REQ(EPT) },
	{ "no INVEPT all-context", no_invept_all, REQ(EPT) },
	{ "no INVEPT", no_invept, REQ(EPT) },
	{ "no unrestricted guest", no_ug, REQ(UNRESTRICTED) },
	{ "no VPID", no_vpid, REQ(VPID) },
	{ "no INVVPID single-context", no_invvpid_single, REQ(VPID) },
	{ "no preemption timer", no_timer, REQ(PREEMPTION_TIMER) },
	{ "uncacheable VMCS", vmcs_uc, REQ(BASIC) },
	{ "8 KiB VMCS", vmcs_8k, REQ(BASIC) },
	{ "no MSR bitmaps", no_msr_bitmaps, REQ(CONTROLS) },
	{ "no EFER load on exit", no_exit_efer, REQ(CONTROLS) },
	{ "no IA-32e guest", no_entry_ia32e, REQ(CONTROLS) },
	{ "no HLT activity state", no_hlt, REQ(CONTROLS) },
	{ "optional features absent", no_optional, 0 },
};

static void missing_case_desc(const struct missing_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(missing, missing_cases, missing_case_desc);

static void caps_missing_names_exactly_the_gap(struct kunit *test)
{
	const struct missing_case *mc = test->param_value;
	struct pv_vmx_msrs m;
	struct pv_vmx_caps c;

	full_msrs(&m);
	mc->mutate(&m);
	pv_vmx_caps_decode(&m, &c);
	KUNIT_EXPECT_EQ(test, pv_vmx_caps_missing(&c), mc->missing);
}

static void probe_without_vmx_reports_only_cpuid(struct kunit *test)
{
	struct pv_vmx_probe p;
	struct pv_vmx_caps c;

	full_probe(&p);
	p.cpuid_vmx = false;
	p.vmx_in_use = true;
	p.msrs.feature_control = 0;
	KUNIT_EXPECT_EQ(test, pv_vmx_probe_missing(&p, &c), (u32)REQ(CPUID));
	KUNIT_EXPECT_EQ(test, c.features, 0ULL);
}

struct featctl_case {
	u64 value;
	bool ok;
};

static const struct featctl_case featctl_cases[] = {
	{ 0, false },
	{ FEAT_CTL_LOCKED, false },
	{ FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX, false },
	{ FEAT_CTL_LOCKED | FEAT_CTL_VMX_ENABLED_INSIDE_SMX, false },
	{ FEAT_CTL_LOCKED | FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX, true },
	{ FEAT_CTL_LOCKED | FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX | FEAT_CTL_LMCE_ENABLED, true },
};

static void featctl_desc(const struct featctl_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "IA32_FEATURE_CONTROL=%#llx", c->value);
}

KUNIT_ARRAY_PARAM(featctl, featctl_cases, featctl_desc);

static void probe_requires_locked_feature_control(struct kunit *test)
{
	const struct featctl_case *fc = test->param_value;
	struct pv_vmx_probe p;
	struct pv_vmx_caps c;

	full_probe(&p);
	p.msrs.feature_control = fc->value;
	KUNIT_EXPECT_EQ(test, pv_vmx_feature_control_ok(fc->value), fc->ok);
	KUNIT_EXPECT_EQ(test, pv_vmx_probe_missing(&p, &c),
			fc->ok ? 0U : (u32)REQ(FEATURE_CTL));
}

static void probe_vmx_in_use_still_decodes(struct kunit *test)
{
	struct pv_vmx_probe p;
	struct pv_vmx_caps c;

	full_probe(&p);
	p.vmx_in_use = true;
	KUNIT_EXPECT_EQ(test, pv_vmx_probe_missing(&p, &c), (u32)REQ(FREE));
	KUNIT_EXPECT_TRUE(test, c.features & BIT_ULL(PARTVISOR_VMX_F_EPT));
	KUNIT_EXPECT_EQ(test, pv_vmx_req_errno(PV_VMX_REQ_FREE), -EBUSY);
}

static void probe_unreadable_msrs(struct kunit *test)
{
	struct pv_vmx_probe p;
	struct pv_vmx_caps c;

	full_probe(&p);
	p.msrs_readable = false;
	KUNIT_EXPECT_EQ(test, pv_vmx_probe_missing(&p, &c), (u32)REQ(MSRS));
	KUNIT_EXPECT_EQ(test, c.features, 0ULL);
}

static void probe_vmxon_result_is_reported(struct kunit *test)
{
	struct pv_vmx_probe p;
	struct pv_vmx_caps c;

	full_probe(&p);
	KUNIT_EXPECT_EQ(test, pv_vmx_probe_missing(&p, &c), 0U);
	KUNIT_EXPECT_FALSE(test, c.features & BIT_ULL(PARTVISOR_VMX_F_VMXON_OK));

	p.vmxon_tried = true;
	KUNIT_EXPECT_EQ(test, pv_vmx_probe_missing(&p, &c), 0U);
	KUNIT_EXPECT_TRUE(test, c.features & BIT_ULL(PARTVISOR_VMX_F_VMXON_OK));

	p.vmxon_err = -EIO;
	KUNIT_EXPECT_EQ(test, pv_vmx_probe_missing(&p, &c), (u32)REQ(VMXON));
	KUNIT_EXPECT_FALSE(test, c.features & BIT_ULL(PARTVISOR_VMX_F_VMXON_OK));
}

static void crs_must_respect_fixed_bits(struct kunit *test)
{
	unsigned long cr0 = X86_CR0_PG | X86_CR0_NE | X86_CR0_PE | X86_CR0_WP;
	unsigned long cr4 = X86_CR4_PAE | X86_CR4_VMXE;
	struct pv_vmx_msrs m;

	full_msrs(&m);
	KUNIT_EXPECT_TRUE(test, pv_vmx_crs_allowed(&m, cr0, cr4));
	KUNIT_EXPECT_FALSE(test, pv_vmx_crs_allowed(&m, cr0 & ~X86_CR0_NE, cr4));
	KUNIT_EXPECT_FALSE(test, pv_vmx_crs_allowed(&m, cr0, cr4 & ~X86_CR4_VMXE));
	KUNIT_EXPECT_FALSE(test, pv_vmx_crs_allowed(&m, cr0 | BIT_ULL(40), cr4));
	KUNIT_EXPECT_FALSE(test, pv_vmx_crs_allowed(&m, cr0, cr4 | BIT(24)));
}

static void every_requirement_and_feature_has_text(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < PV_VMX_REQ_NR; i++) {
		KUNIT_EXPECT_NOT_ERR_OR_NULL(test, pv_vmx_req_texts[i].problem);
		KUNIT_EXPECT_NOT_ERR_OR_NULL(test, pv_vmx_req_texts[i].remedy);
		KUNIT_EXPECT_LT(test, pv_vmx_req_errno(i), 0);
	}
	for (i = 0; i < __PARTVISOR_VMX_F_MAX; i++)
		KUNIT_EXPECT_NOT_ERR_OR_NULL(test, pv_vmx_feature_name(i));
	KUNIT_EXPECT_NULL(test, pv_vmx_feature_name(__PARTVISOR_VMX_F_MAX));
}

static struct kunit_case pv_vmx_caps_cases[] = {
	KUNIT_CASE(decode_full_set_has_every_feature),
	KUNIT_CASE(decode_masks_revision_bit31),
	KUNIT_CASE(decode_uses_true_ctls_when_advertised),
	KUNIT_CASE(decode_ignores_secondary_without_activation),
	KUNIT_CASE(decode_reads_vpid_caps_from_high_dword),
	KUNIT_CASE_PARAM(caps_missing_names_exactly_the_gap, missing_gen_params),
	KUNIT_CASE(probe_without_vmx_reports_only_cpuid),
	KUNIT_CASE_PARAM(probe_requires_locked_feature_control, featctl_gen_params),
	KUNIT_CASE(probe_vmx_in_use_still_decodes),
	KUNIT_CASE(probe_unreadable_msrs),
	KUNIT_CASE(probe_vmxon_result_is_reported),
	KUNIT_CASE(crs_must_respect_fixed_bits),
	KUNIT_CASE(every_requirement_and_feature_has_text),
	{}
};

static struct kunit_suite pv_vmx_caps_suite = {
	.name = "partvisor_vmx_caps",
	.test_cases = pv_vmx_caps_cases,
};

kunit_test_suite(pv_vmx_caps_suite);
