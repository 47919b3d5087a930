// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/partvisor: the partition manager's character device front end.
 *
 * Opening it needs CAP_SYS_ADMIN. PARTVISOR_CREATE returns a partition
 * fd (anon inode, as KVM's VM fds and mshv's partition fds); the
 * partition lives as long as that file. Every structure is checked in
 * full (sizes, reserved fields) before anything changes; a refusal is
 * logged once per call with the reason (ratelimited) and returns an errno.
 * Documentation/uapi.rst is the reference.
 */
#define pr_fmt(fmt) "partvisor: " fmt

#include <linux/anon_inodes.h>
#include <linux/capability.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/hyperv-tlfs.h>

#include "../pv_hv.h"
#include "pt_core.h"
#include "pt_dev.h"

static long refuse(struct pv_pt *pt, const char *op, long err, const char *why)
{
	pr_info_ratelimited("%s%s%s: %s (%ld)\n", pt ? pt->name : "", pt ? ": " : "", op, why,
			    err);
	return err;
}

static long pt_load(struct pv_pt *pt, void __user *argp)
{
	char cmdline[PARTVISOR_CMDLINE_MAX + 1] = "";
	struct partvisor_image img;
	void *data, *initrd = NULL;
	const char *why;
	long n;

	if (copy_from_user(&img, argp, sizeof(img)))
		return -EFAULT;
	if (img.reserved0)
		return refuse(pt, "load", -EINVAL, "reserved fields must be zero");
	if (!img.size || img.size > PARTVISOR_IMAGE_MAX)
		return refuse(pt, "load", -EINVAL, "the image must be 1 byte to 64 MiB");
	if (img.format > PARTVISOR_IMAGE_PVH)
		return refuse(pt, "load", -EINVAL, "unknown image format");
	if (!img.initrd != !img.initrd_size)
		return refuse(pt, "load", -EINVAL, "give an initrd and its size, or neither");
	if (img.initrd_size && img.format == PARTVISOR_IMAGE_FLAT)
		return refuse(pt, "load", -EINVAL,
			      "a flat image takes no module (an initrd goes with a PVH kernel)");
	if (img.initrd_size > PARTVISOR_IMAGE_MAX)
		return refuse(pt, "load", -EINVAL, "the initrd or module must be at most 64 MiB");
	if (img.cmdline) {
		n = strncpy_from_user(cmdline, u64_to_user_ptr(img.cmdline), sizeof(cmdline));
		if (n < 0)
			return n;
		if (n == sizeof(cmdline))
			return refuse(pt, "load", -E2BIG, "command line longer than 255 bytes");
	}
	data = kvmalloc(img.size, GFP_KERNEL_ACCOUNT);
	if (!data)
		return -ENOMEM;
	if (copy_from_user(data, u64_to_user_ptr(img.data), img.size)) {
		kvfree(data);
		return -EFAULT;
	}
	if (img.initrd_size) {
		initrd = kvmalloc(img.initrd_size, GFP_KERNEL_ACCOUNT);
		if (!initrd || copy_from_user(initrd, u64_to_user_ptr(img.initrd),
					      img.initrd_size)) {
			n = initrd ? -EFAULT : -ENOMEM;
			kvfree(initrd);
			kvfree(data);
			return n;
		}
	}
	n = pv_pt_load(pt, data, img.size, img.format, cmdline, initrd, img.initrd_size, &why);
	return n ? refuse(pt, "load", n, why) : 0;
}

static long pt_wait(struct pv_pt *pt, void __user *argp)
{
	struct partvisor_wait w;
	long left;

	if (copy_from_user(&w, argp, sizeof(w)))
		return -EFAULT;
	if (w.reserved)
		return -EINVAL;
	if (!w.timeout_ms)
		return wait_event_interruptible(pt->wq, READ_ONCE(pt->state) !=
						PARTVISOR_STATE_RUNNING);
	left = wait_event_interruptible_timeout(pt->wq, READ_ONCE(pt->state) !=
						PARTVISOR_STATE_RUNNING,
						msecs_to_jiffies(w.timeout_ms));
	return left < 0 ? left : left ? 0 : -ETIMEDOUT;
}

static long pt_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct pv_pt *pt = file->private_data;
	void __user *argp = (void __user *)arg;
	struct partvisor_state st;
	const char *why;
	long err;

	switch (cmd) {
	case PARTVISOR_LOAD_IMAGE:
		return pt_load(pt, argp);
	case PARTVISOR_START:
		err = pv_pt_start(pt, &why);
		return err ? refuse(pt, "start", err, why) : 0;
	case PARTVISOR_STOP:
		err = pv_pt_stop(pt, true, 0, &why);
		return err ? refuse(pt, "stop", err, why) : 0;
	case PARTVISOR_GET_STATE:
		pv_pt_get_state(pt, &st);
		st.partition_id = pt->id;
		return copy_to_user(argp, &st, sizeof(st)) ? -EFAULT : 0;
	case PARTVISOR_WAIT:
		return pt_wait(pt, argp);
	}
	return -ENOTTY;
}

/* The console, from the file position: an absolute byte count. */
static ssize_t pt_read(struct file *file, char __user *buf, size_t len, loff_t *ppos)
{
	struct pv_pt *pt = file->private_data;
	u64 pos = *ppos, lost;
	char *tmp;
	size_t n;

	if (*ppos < 0)
		return -EINVAL;
	len = min_t(size_t, len, PAGE_SIZE);
	tmp = kmalloc(len, GFP_KERNEL);
	if (!tmp)
		return -ENOMEM;
	n = pv_pt_console_read(pt, &pos, tmp, len, &lost);
	if (n && copy_to_user(buf, tmp, n)) {
		kfree(tmp);
		return -EFAULT;
	}
	kfree(tmp);
	*ppos = pos;
	return n;
}

static int pt_release(struct inode *inode, struct file *file)
{
	pv_pt_destroy(file->private_data);
	return 0;
}

static const struct file_operations pv_pt_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = pt_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.read = pt_read,
	.llseek = default_llseek,
	.release = pt_release,
};

static long dev_create(void __user *argp)
{
	struct partvisor_create cfg;
	struct file *file;
	const char *why;
	struct pv_pt *pt;
	int fd;

	if (copy_from_user(&cfg, argp, sizeof(cfg)))
		return -EFAULT;
	if (!memchr(cfg.name, 0, sizeof(cfg.name)))
		return refuse(NULL, "create", -EINVAL, "the name must be NUL-terminated");
	pt = pv_pt_create(&cfg, PARTVISOR_OWNER_FILE, &why);
	if (IS_ERR(pt))
		return refuse(NULL, "create", PTR_ERR(pt), why);
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		goto destroy;
	file = anon_inode_getfile("partvisor-partition", &pv_pt_fops, pt, O_RDWR);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		fd = PTR_ERR(file);
		goto destroy;
	}
	/* The console is read at positions: pread(2) and lseek(2) work. */
	file->f_mode |= FMODE_LSEEK | FMODE_PREAD;
	/* Before the fd exists: once installed, a close may free it. */
	pv_pt_announce(pt);
	fd_install(fd, file);
	return fd;

destroy:
	pv_pt_destroy(pt);
	return fd;
}

/* Root hypercalls user space may make: those that change nothing, and SynIC posts. */
static bool hvcall_allowed(u16 code)
{
	return code == PV_HVCALL_GET_VERSION || pv_pt_synic_passthrough(code);
}

static long dev_hvcall(void __user *argp)
{
	struct partvisor_hvcall hc;
	struct pv_hv_call call;
	void *in, *out;
	long err = 0;

	if (copy_from_user(&hc, argp, sizeof(hc)))
		return -EFAULT;
	if (hc.reserved[0] || hc.reserved[1] || hc.input_size > PAGE_SIZE ||
	    hc.output_size > PAGE_SIZE || (hc.input_size && !hc.input) ||
	    (hc.output_size && !hc.output))
		return refuse(NULL, "hvcall", -EINVAL, "bad sizes or reserved fields");
	if (pv_hv_decode_control(hc.control, &call) || !hvcall_allowed(call.code))
		return refuse(NULL, "hvcall", -EPERM, "call code not on the allow list");
	in = (void *)get_zeroed_page(GFP_KERNEL);
	out = (void *)get_zeroed_page(GFP_KERNEL);
	if (!in || !out) {
		err = -ENOMEM;
		goto free;
	}
	if (hc.input_size && copy_from_user(in, u64_to_user_ptr(hc.input), hc.input_size)) {
		err = -EFAULT;
		goto free;
	}
	hc.result = pv_pt_hvcall(hc.control, in, out);
	if (pv_pt_synic_passthrough(call.code))
		pv_pt_synic_passthrough_done(call.code, in, hc.result);
	if ((hc.output_size && copy_to_user(u64_to_user_ptr(hc.output), out, hc.output_size)) ||
	    copy_to_user(argp, &hc, sizeof(hc)))
		err = -EFAULT;
free:
	free_page((unsigned long)in);
	free_page((unsigned long)out);
	return err;
}

static long dev_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case PARTVISOR_CREATE:
		return dev_create((void __user *)arg);
	case PARTVISOR_HVCALL:
		return dev_hvcall((void __user *)arg);
	}
	return -ENOTTY;
}

static int dev_open(struct inode *inode, struct file *file)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return 0;
}

static const struct file_operations pv_dev_fops = {
	.owner = THIS_MODULE,
	.open = dev_open,
	.unlocked_ioctl = dev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice pv_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "partvisor",
	.fops = &pv_dev_fops,
	.mode = 0600,
};

/**
 * pv_pt_dev_register() - create /dev/partvisor
 *
 * Return: 0 or a negative errno.
 */
int pv_pt_dev_register(void)
{
	return misc_register(&pv_miscdev);
}

/**
 * pv_pt_dev_unregister() - remove /dev/partvisor
 */
void pv_pt_dev_unregister(void)
{
	misc_deregister(&pv_miscdev);
}
