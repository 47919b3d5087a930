// SPDX-License-Identifier: GPL-2.0
/*
 * pv-nl-garbage: malformed requests to the "partvisor" generic netlink
 * family, through libnl, each of which must be refused with the right
 * errno and change nothing: after the partition commands' garbage, the
 * list of partitions must be what it was (empty but for "keep").
 *
 *   pv-nl-garbage              as root: the family's generic checks
 *   pv-nl-garbage --partitions as root: partition commands' garbage
 *   pv-nl-garbage --user       unprivileged: list works, changes are EPERM
 *   pv-nl-garbage --net-admin  with CAP_NET_ADMIN only: changes are still
 *                              EPERM, saying CAP_SYS_ADMIN is needed
 *
 * Exit 0 if every request got the expected answer, 1 otherwise.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/partvisor.h>

/* The extended ack of the last refusal: its message, and the offset of
 * the attribute it points at in the request (0 if none).
 */
static __thread char last_msg[256];
static __thread unsigned int last_offs;

static int ack_err(struct sockaddr_nl *nla, struct nlmsgerr *err, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)err - 1;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t len = sizeof(*nlh) + sizeof(*err);

	(void)nla;
	*(int *)arg = err->error;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		len += err->msg.nlmsg_len - sizeof(*nlh);
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || nlh->nlmsg_len <= len ||
	    nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)nlh + len),
		      nlh->nlmsg_len - len, NULL))
		return NL_STOP;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(last_msg, sizeof(last_msg), "%s",
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
	if (tb[NLMSGERR_ATTR_OFFS])
		last_offs = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	return NL_STOP;
}

static int ack_ok(struct nl_msg *msg, void *arg)
{
	(void)msg;
	*(int *)arg = 0;
	return NL_STOP;
}

/* Send @msg, return the kernel's errno (0 on success). */
static int send_get(struct nl_sock *sk, struct nl_msg *msg)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int result = 1;

	last_msg[0] = 0;
	last_offs = 0;
	nl_cb_err(cb, NL_CB_CUSTOM, ack_err, &result);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_ok, &result);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, ack_ok, &result);
	if (nl_send_auto(sk, msg) < 0)
		result = -EIO;
	while (result == 1 && nl_recvmsgs(sk, cb) >= 0)
		;
	nl_cb_put(cb);
	nlmsg_free(msg);
	return result;
}

static int failures;

/* A request of @cmd to the family, asking for an ack. */
static struct nl_msg *request(int family, int cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, NLM_F_ACK, cmd,
				 PARTVISOR_GENL_VERSION)) {
		fprintf(stderr, "pv-nl-garbage: out of memory\n");
		exit(1);
	}
	return msg;
}

static void expect(const char *what, int got, int want)
{
	printf("%s: %s (%d)%s%s%s\n", what, got ? strerror(-got) : "accepted", got,
	       last_msg[0] ? ": " : "", last_msg, got == want ? "" : "  <-- WRONG");
	if (got != want)
		failures++;
}

/* As expect(), and the extended ack must contain @msg. */
static void expect_msg(const char *what, int got, int want, const char *msg)
{
	expect(what, got, want);
	if (!strstr(last_msg, msg)) {
		printf("%s: the message lacks \"%s\"  <-- WRONG\n", what, msg);
		failures++;
	}
}

/* The offset in @msg's request of its attribute @type, for extack OFFS. */
static unsigned int offset_of(struct nl_msg *msg, int type)
{
	struct nlattr *a = nlmsg_find_attr(nlmsg_hdr(msg), GENL_HDRLEN, type);

	return a ? (unsigned int)((char *)a - (char *)nlmsg_hdr(msg)) : 0;
}

/*
 * As expect_msg(), and the extended ack points at attribute @type of the
 * request (sent and freed by the time it is checked: give its offset).
 */
static void expect_at(const char *what, unsigned int offs, int got, int want, const char *msg)
{
	expect_msg(what, got, want, msg);
	if (!offs || last_offs != offs) {
		printf("%s: the ack points at offset %u, not at the attribute (%u)  <-- WRONG\n",
		       what, last_offs, offs);
		failures++;
	}
}

/* Send @msg and expect_at() its attribute @type. */
static void expect_bad(struct nl_sock *sk, const char *what, struct nl_msg *msg, int type,
		       int want, const char *text)
{
	unsigned int offs = offset_of(msg, type);

	expect_at(what, offs, send_get(sk, msg), want, text);
}

/* A request of @cmd with room for @size bytes of attributes. */
static struct nl_msg *big_request(int family, int cmd, size_t size)
{
	struct nl_msg *msg = nlmsg_alloc_size(size + 4096);

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, NLM_F_ACK, cmd,
				 PARTVISOR_GENL_VERSION)) {
		fprintf(stderr, "pv-nl-garbage: out of memory\n");
		exit(1);
	}
	return msg;
}

/* A request naming partition @name. */
static struct nl_msg *named(int family, int cmd, const char *name)
{
	struct nl_msg *msg = request(family, cmd);

	nla_put_string(msg, PARTVISOR_ATTR_NAME, name);
	return msg;
}

static int counted, count_done;

static int count_cb(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	counted++;
	return NL_OK;
}

static int count_finish(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	count_done = 1;
	return NL_STOP;
}

/* How many partitions a dump lists (read to its NLMSG_DONE). */
static int count_partitions(struct nl_sock *sk, int family)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	struct nl_msg *msg = nlmsg_alloc();

	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, NLM_F_DUMP, PARTVISOR_CMD_GET,
		    PARTVISOR_GENL_VERSION);
	counted = 0;
	count_done = 0;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, count_cb, NULL);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, count_finish, NULL);
	if (nl_send_auto(sk, msg) < 0)
		counted = -1;
	while (counted >= 0 && !count_done)
		if (nl_recvmsgs(sk, cb) < 0)
			counted = -1;
	nl_cb_put(cb);
	nlmsg_free(msg);
	return counted;
}

/* One of two DESTROYs of the same partition sent at the same moment. */
struct racer {
	int family;
	pthread_barrier_t *go;
	int result;
	char msg[256];
};

static void *destroy_racer(void *arg)
{
	struct racer *r = arg;
	struct nl_sock *sk = nl_socket_alloc();
	int one = 1;

	if (!sk || genl_connect(sk) ||
	    setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one))) {
		r->result = -EIO;
		pthread_barrier_wait(r->go);
		return NULL;
	}
	pthread_barrier_wait(r->go);
	r->result = send_get(sk, named(r->family, PARTVISOR_CMD_DESTROY, "race"));
	snprintf(r->msg, sizeof(r->msg), "%s", last_msg);
	nl_socket_free(sk);
	return NULL;
}

/*
 * Two DESTROYs of one running partition at once, a few times: one wins,
 * the other gets ENOENT (found the partition, then lost the race; or came
 * after it was gone), never a second success.
 */
static void destroy_race(struct nl_sock *sk, int family)
{
	pthread_barrier_t go;
	struct racer r[2] = { { .family = family, .go = &go }, { .family = family, .go = &go } };
	pthread_t t[2];
	struct nl_msg *msg;
	int round, i, won;

	pthread_barrier_init(&go, NULL, 2);
	for (round = 0; round < 4; round++) {
		msg = named(family, PARTVISOR_CMD_CREATE, "race");
		nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
		nla_put_u32(msg, PARTVISOR_ATTR_VCPUS, 4);
		nla_put_string(msg, PARTVISOR_ATTR_IMAGE_PATH, "/guests/spinner.elf");
		expect("CREATE 'race'", send_get(sk, msg), 0);
		expect("START 'race'", send_get(sk, named(family, PARTVISOR_CMD_START, "race")), 0);
		for (i = 0; i < 2; i++)
			pthread_create(&t[i], NULL, destroy_racer, &r[i]);
		for (i = 0; i < 2; i++)
			pthread_join(t[i], NULL);
		won = (r[0].result == 0) + (r[1].result == 0);
		printf("destroy race %d: %d (%s), %d (%s)%s\n", round, r[0].result, r[0].msg,
		       r[1].result, r[1].msg,
		       won == 1 && r[0].result + r[1].result == -ENOENT ? "" : "  <-- WRONG");
		if (won != 1 || r[0].result + r[1].result != -ENOENT)
			failures++;
	}
	pthread_barrier_destroy(&go);
	expect("'race' is gone", send_get(sk, named(family, PARTVISOR_CMD_GET, "race")), -ENOENT);
}

/* How many messages a dump of the family's policy gives (-1 on error). */
static int policy_dump(struct nl_sock *sk)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	struct nl_msg *msg = nlmsg_alloc();

	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, GENL_ID_CTRL, 0, NLM_F_DUMP,
		    CTRL_CMD_GETPOLICY, 1);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, PARTVISOR_GENL_NAME);
	counted = 0;
	count_done = 0;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, count_cb, NULL);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, count_finish, NULL);
	if (nl_send_auto(sk, msg) < 0)
		counted = -1;
	while (counted >= 0 && !count_done)
		if (nl_recvmsgs(sk, cb) < 0)
			counted = -1;
	nl_cb_put(cb);
	nlmsg_free(msg);
	return counted;
}

static void partition_garbage(struct nl_sock *sk, int family)
{
	static const char image[] = { 0xb0, 0x00, 0xe6, 0xf4 };	/* mov al,0; out 0xf4,al */
	static const char mem_rule[] = "memory must be a multiple of 4 KiB between 2 MiB and 4 GiB";
	static const char con_rule[] =
		"console size must be a power of two between 4 KiB and 1 MiB";
	char longname[64], cmdline[PARTVISOR_CMDLINE_MAX + 2];
	struct nl_msg *msg;
	int before = count_partitions(sk, family);
	char *big;

	msg = request(family, PARTVISOR_CMD_CREATE);
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	expect("CREATE without a name", send_get(sk, msg), -EINVAL);

	msg = named(family, PARTVISOR_CMD_CREATE, "g1");
	expect("CREATE without memory", send_get(sk, msg), -EINVAL);

	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	msg = named(family, PARTVISOR_CMD_CREATE, longname);
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	expect("CREATE with a 63-character name", send_get(sk, msg), -EINVAL);

	msg = named(family, PARTVISOR_CMD_CREATE, "bad name!");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	nla_put(msg, PARTVISOR_ATTR_IMAGE, sizeof(image), image);
	expect_bad(sk, "CREATE with a bad character in the name", msg, PARTVISOR_ATTR_NAME,
		   -EINVAL, "a name is 1-31 characters of [A-Za-z0-9_.-]");

	msg = named(family, PARTVISOR_CMD_CREATE, "g1");
	nla_put_u32(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	expect("CREATE with a u32 memory size", send_get(sk, msg), -EINVAL);

	/* Out of range: ERANGE, saying what is allowed, at the attribute. */
	msg = named(family, PARTVISOR_CMD_CREATE, "g1");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 1 << 20);
	nla_put(msg, PARTVISOR_ATTR_IMAGE, sizeof(image), image);
	expect_bad(sk, "CREATE with 1 MiB", msg, PARTVISOR_ATTR_MEMORY, -ERANGE, mem_rule);

	msg = named(family, PARTVISOR_CMD_CREATE, "g1");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 8ULL << 30);
	nla_put(msg, PARTVISOR_ATTR_IMAGE, sizeof(image), image);
	expect_bad(sk, "CREATE with 8 GiB", msg, PARTVISOR_ATTR_MEMORY, -ERANGE, mem_rule);

	msg = named(family, PARTVISOR_CMD_CREATE, "g1");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, (4 << 20) + 1);
	nla_put(msg, PARTVISOR_ATTR_IMAGE, sizeof(image), image);
	expect_bad(sk, "CREATE with unaligned memory", msg, PARTVISOR_ATTR_MEMORY, -EINVAL,
		   mem_rule);

	msg = named(family, PARTVISOR_CMD_CREATE, "g1");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	nla_put_u32(msg, PARTVISOR_ATTR_VCPUS, 17);
	nla_put(msg, PARTVISOR_ATTR_IMAGE, sizeof(image), image);
	expect_bad(sk, "CREATE with 17 VPs", msg, PARTVISOR_ATTR_VCPUS, -ERANGE,
		   "vcpus must be between 1 and 16");

	msg = named(family, PARTVISOR_CMD_CREATE, "g1");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	nla_put_u32(msg, PARTVISOR_ATTR_VCPUS, 0);
	nla_put(msg, PARTVISOR_ATTR_IMAGE, sizeof(image), image);
	expect_bad(sk, "CREATE with 0 VPs", msg, PARTVISOR_ATTR_VCPUS, -ERANGE,
		   "vcpus must be between 1 and 16");

	msg = named(family, PARTVISOR_CMD_CREATE, "g1");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	nla_put_u32(msg, PARTVISOR_ATTR_CONSOLE_SIZE, 2 << 20);
	nla_put(msg, PARTVISOR_ATTR_IMAGE, sizeof(image), image);
	expect_bad(sk, "CREATE with a 2 MiB console", msg, PARTVISOR_ATTR_CONSOLE_SIZE, -ERANGE,
		   con_rule);

	msg = named(family, PARTVISOR_CMD_CREATE, "g1");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	nla_put_u32(msg, PARTVISOR_ATTR_CONSOLE_SIZE, 6000);
	nla_put(msg, PARTVISOR_ATTR_IMAGE, sizeof(image), image);
	expect_bad(sk, "CREATE with a 6000-byte console", msg, PARTVISOR_ATTR_CONSOLE_SIZE,
		   -EINVAL, con_rule);

	msg = named(family, PARTVISOR_CMD_CREATE, "g1");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	nla_put_u32(msg, PARTVISOR_ATTR_FLAGS, 0x80);
	expect("CREATE with unknown flags", send_get(sk, msg), -EINVAL);

	msg = named(family, PARTVISOR_CMD_CREATE, "g1");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	nla_put(msg, PARTVISOR_ATTR_IMAGE, 8, "\177ELFjunk");
	expect("CREATE with a truncated ELF", send_get(sk, msg), -ENOEXEC);

	msg = named(family, PARTVISOR_CMD_CREATE, "g1");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	nla_put_string(msg, PARTVISOR_ATTR_IMAGE_PATH, "/no/such/image");
	expect("CREATE with a missing image file", send_get(sk, msg), -ENOENT);

	/* Without an image the partition could never start. */
	msg = named(family, PARTVISOR_CMD_CREATE, "g1");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	expect_msg("CREATE without an image", send_get(sk, msg), -EINVAL,
		   "an image is needed: give IMAGE or IMAGE_PATH");

	msg = named(family, PARTVISOR_CMD_CREATE, "g1");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	nla_put(msg, PARTVISOR_ATTR_IMAGE, 0, NULL);
	expect_msg("CREATE with an empty image", send_get(sk, msg), -ENOEXEC,
		   "the image is empty");

	/* Relative to whatever directory we are in (/ here): refused all the same. */
	msg = named(family, PARTVISOR_CMD_CREATE, "g1");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	nla_put_string(msg, PARTVISOR_ATTR_IMAGE_PATH, "guests/hello.elf");
	expect_bad(sk, "CREATE with a relative image path", msg, PARTVISOR_ATTR_IMAGE_PATH,
		   -EINVAL, "the image path must be absolute");

	/* The same file by its absolute path is read by the kernel. */
	msg = named(family, PARTVISOR_CMD_CREATE, "bypath");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	nla_put_string(msg, PARTVISOR_ATTR_IMAGE_PATH, "/guests/hello.elf");
	expect("CREATE with an absolute image path", send_get(sk, msg), 0);
	expect("DESTROY of it", send_get(sk, named(family, PARTVISOR_CMD_DESTROY, "bypath")), 0);

	msg = named(family, PARTVISOR_CMD_CREATE, "g1");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	nla_put(msg, PARTVISOR_ATTR_IMAGE, sizeof(image), image);
	nla_put_string(msg, PARTVISOR_ATTR_IMAGE_PATH, "/guests/hello.bin");
	expect("CREATE with an image and a path", send_get(sk, msg), -EINVAL);

	msg = named(family, PARTVISOR_CMD_CREATE, "keep");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	nla_put(msg, PARTVISOR_ATTR_IMAGE, sizeof(image), image);
	expect("CREATE 'keep' with a name taken", send_get(sk, msg), -EEXIST);

	/* Oversized and malformed attributes: the policy refuses them. */
	big = calloc(1, PARTVISOR_IMAGE_ATTR_MAX + 1);
	memcpy(big, image, sizeof(image));
	msg = big_request(family, PARTVISOR_CMD_CREATE, PARTVISOR_IMAGE_ATTR_MAX + 1);
	nla_put_string(msg, PARTVISOR_ATTR_NAME, "g1");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	if (nla_put(msg, PARTVISOR_ATTR_IMAGE, PARTVISOR_IMAGE_ATTR_MAX + 1, big))
		failures++, printf("cannot build the oversized IMAGE  <-- WRONG\n");
	expect("CREATE with an IMAGE of 60001 bytes", send_get(sk, msg), -ERANGE);
	free(big);

	memset(cmdline, 'c', sizeof(cmdline) - 1);
	cmdline[sizeof(cmdline) - 1] = 0;	/* 256 characters */
	msg = named(family, PARTVISOR_CMD_CREATE, "g1");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	nla_put(msg, PARTVISOR_ATTR_IMAGE, sizeof(image), image);
	nla_put_string(msg, PARTVISOR_ATTR_CMDLINE, cmdline);
	expect("CREATE with a 256-character CMDLINE", send_get(sk, msg), -EINVAL);
	/* 255 is the limit, and fine. */
	cmdline[sizeof(cmdline) - 2] = 0;
	msg = named(family, PARTVISOR_CMD_CREATE, "cmd255");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	nla_put(msg, PARTVISOR_ATTR_IMAGE, sizeof(image), image);
	nla_put_string(msg, PARTVISOR_ATTR_CMDLINE, cmdline);
	expect("CREATE with a 255-character CMDLINE", send_get(sk, msg), 0);
	expect("DESTROY of it", send_get(sk, named(family, PARTVISOR_CMD_DESTROY, "cmd255")), 0);

	msg = named(family, PARTVISOR_CMD_CREATE, "g1");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	nla_put(msg, PARTVISOR_ATTR_IMAGE, sizeof(image), image);
	nla_put_u32(msg, PARTVISOR_ATTR_MAX + 3, 1);
	expect("CREATE with an unknown attribute", send_get(sk, msg), -EINVAL);

	msg = named(family, PARTVISOR_CMD_CREATE, "g1");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	nla_put(msg, PARTVISOR_ATTR_IMAGE, sizeof(image), image);
	nla_put_u32(msg, PARTVISOR_ATTR_STATE, PARTVISOR_STATE_RUNNING);
	expect("CREATE with a reply-only attribute (STATE)", send_get(sk, msg), -EINVAL);

	msg = request(family, PARTVISOR_CMD_CREATE);
	nla_put(msg, PARTVISOR_ATTR_NAME, 2, "g1");	/* no NUL */
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	nla_put(msg, PARTVISOR_ATTR_IMAGE, sizeof(image), image);
	expect("CREATE with a NAME without its NUL", send_get(sk, msg), -EINVAL);

	msg = request(family, PARTVISOR_CMD_START);
	nla_put(msg, PARTVISOR_ATTR_NAME, 4, "keep");	/* no NUL */
	expect("START of a NAME without its NUL", send_get(sk, msg), -EINVAL);

	expect("START of no such partition", send_get(sk, named(family, PARTVISOR_CMD_START,
								     "nosuch")), -ENOENT);
	expect("GET of no such partition", send_get(sk, named(family, PARTVISOR_CMD_GET,
							       "nosuch")), -ENOENT);
	expect("START without a name", send_get(sk, request(family, PARTVISOR_CMD_START)),
	       -EINVAL);
	msg = named(family, PARTVISOR_CMD_STOP, "keep");
	nla_put_u32(msg, PARTVISOR_ATTR_TIMEOUT_MS, 3600001);
	expect_bad(sk, "STOP with a timeout over an hour", msg, PARTVISOR_ATTR_TIMEOUT_MS, -ERANGE,
		   "the stop timeout must be at most 3600000 ms (an hour)");
	expect("STOP of a partition not running", send_get(sk, named(family, PARTVISOR_CMD_STOP,
								      "keep")), -EALREADY);
	msg = named(family, PARTVISOR_CMD_CONSOLE, "keep");
	nla_put_u32(msg, PARTVISOR_ATTR_CONSOLE_OFFSET, 0);
	expect("CONSOLE with a u32 offset", send_get(sk, msg), -EINVAL);
	expect("EVENT sent to the kernel", send_get(sk, request(family, PARTVISOR_CMD_EVENT)),
	       -EOPNOTSUPP);
	/* Console input: data required, 1-4000 bytes, a running partition only. */
	expect("CONSOLE_INPUT without data",
	       send_get(sk, named(family, PARTVISOR_CMD_CONSOLE_INPUT, "keep")), -EINVAL);
	msg = named(family, PARTVISOR_CMD_CONSOLE_INPUT, "keep");
	nla_put(msg, PARTVISOR_ATTR_CONSOLE_DATA, 0, "");
	expect_bad(sk, "CONSOLE_INPUT of no bytes", msg, PARTVISOR_ATTR_CONSOLE_DATA, -EINVAL,
		   "console input is 1 to 4000 bytes");
	big = calloc(1, PARTVISOR_CONSOLE_CHUNK + 1);
	msg = big_request(family, PARTVISOR_CMD_CONSOLE_INPUT, PARTVISOR_CONSOLE_CHUNK + 64);
	nla_put_string(msg, PARTVISOR_ATTR_NAME, "keep");
	if (nla_put(msg, PARTVISOR_ATTR_CONSOLE_DATA, PARTVISOR_CONSOLE_CHUNK + 1, big))
		failures++, printf("cannot build the oversized CONSOLE_DATA  <-- WRONG\n");
	free(big);
	expect("CONSOLE_INPUT of 4001 bytes", send_get(sk, msg), -ERANGE);
	msg = named(family, PARTVISOR_CMD_CONSOLE_INPUT, "keep");
	nla_put(msg, PARTVISOR_ATTR_CONSOLE_DATA, 3, "ls\n");
	expect_msg("CONSOLE_INPUT to a partition not running", send_get(sk, msg), -ENOTCONN,
		   "the partition is not running: start it first");
	msg = named(family, PARTVISOR_CMD_CONSOLE_INPUT, "nosuch");
	nla_put(msg, PARTVISOR_ATTR_CONSOLE_DATA, 3, "ls\n");
	expect("CONSOLE_INPUT to no partition", send_get(sk, msg), -ENOENT);
	destroy_race(sk, family);
	/* 0 if the list has as many partitions as before, else -EEXIST. */
	expect("nothing was created or destroyed",
	       count_partitions(sk, family) == before ? 0 : -EEXIST, 0);
}

static void unprivileged(struct nl_sock *sk, int family)
{
	struct nl_msg *msg;

	expect("list as a user", count_partitions(sk, family) >= 0 ? 0 : -1, 0);
	msg = named(family, PARTVISOR_CMD_CREATE, "u1");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	expect("CREATE as a user", send_get(sk, msg), -EPERM);
	expect("START as a user", send_get(sk, named(family, PARTVISOR_CMD_START, "keep")),
	       -EPERM);
	expect("STOP as a user", send_get(sk, named(family, PARTVISOR_CMD_STOP, "keep")), -EPERM);
	expect("DESTROY as a user", send_get(sk, named(family, PARTVISOR_CMD_DESTROY, "keep")),
	       -EPERM);
	expect("CONSOLE as a user", send_get(sk, named(family, PARTVISOR_CMD_CONSOLE, "keep")),
	       -EPERM);
	msg = named(family, PARTVISOR_CMD_CONSOLE_INPUT, "keep");
	nla_put(msg, PARTVISOR_ATTR_CONSOLE_DATA, 3, "ls\n");
	expect("CONSOLE_INPUT as a user", send_get(sk, msg), -EPERM);
	expect("GET as a user", send_get(sk, named(family, PARTVISOR_CMD_GET, "keep")), 0);
}

/*
 * CAP_NET_ADMIN passes GENL_ADMIN_PERM, but partitions need CAP_SYS_ADMIN
 * (as /dev/partvisor does): every change and the console are refused, say
 * why, and nothing changes.
 */
static void net_admin_only(struct nl_sock *sk, int family)
{
	static const char image[] = { 0xb0, 0x00, 0xe6, 0xf4 };	/* mov al,0; out 0xf4,al */
	static const char need[] = "needs CAP_SYS_ADMIN";
	int before = count_partitions(sk, family);
	struct nl_msg *msg;

	msg = named(family, PARTVISOR_CMD_CREATE, "na1");
	nla_put_u64(msg, PARTVISOR_ATTR_MEMORY, 4 << 20);
	nla_put(msg, PARTVISOR_ATTR_IMAGE, sizeof(image), image);
	expect_msg("CREATE with CAP_NET_ADMIN only", send_get(sk, msg), -EPERM, need);
	expect_msg("START with CAP_NET_ADMIN only",
		   send_get(sk, named(family, PARTVISOR_CMD_START, "keep")), -EPERM, need);
	expect_msg("STOP with CAP_NET_ADMIN only",
		   send_get(sk, named(family, PARTVISOR_CMD_STOP, "keep")), -EPERM, need);
	expect_msg("DESTROY with CAP_NET_ADMIN only",
		   send_get(sk, named(family, PARTVISOR_CMD_DESTROY, "keep")), -EPERM, need);
	expect_msg("CONSOLE with CAP_NET_ADMIN only",
		   send_get(sk, named(family, PARTVISOR_CMD_CONSOLE, "keep")), -EPERM, need);
	expect("GET with CAP_NET_ADMIN only",
	       send_get(sk, named(family, PARTVISOR_CMD_GET, "keep")), 0);
	expect("nothing was created or destroyed",
	       count_partitions(sk, family) == before ? 0 : -EEXIST, 0);
}

int main(int argc, char **argv)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct nl_msg *msg;
	int family, one = 1;

	if (!sk || genl_connect(sk))
		return 1;
	if (setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)))
		return 1;
	family = genl_ctrl_resolve(sk, PARTVISOR_GENL_NAME);
	if (family < 0) {
		fprintf(stderr, "pv-nl-garbage: family not found (module loaded?)\n");
		return 1;
	}

	msg = request(family, PARTVISOR_CMD_GET_CAPS);
	expect("GET_CAPS without a CPU", send_get(sk, msg), -EINVAL);

	msg = request(family, PARTVISOR_CMD_GET_CAPS);
	nla_put_u8(msg, PARTVISOR_ATTR_CPU, 0);
	expect("CPU attribute of the wrong size", send_get(sk, msg), -EINVAL);

	msg = request(family, PARTVISOR_CMD_GET_CAPS);
	nla_put_u32(msg, PARTVISOR_ATTR_CPU, 0);
	nla_put_u32(msg, PARTVISOR_ATTR_MAX + 7, 1);
	expect("unknown attribute", send_get(sk, msg), -EINVAL);

	msg = request(family, PARTVISOR_CMD_MAX + 9);
	expect("unknown command", send_get(sk, msg), -EOPNOTSUPP);

	msg = request(family, PARTVISOR_CMD_GET_CAPS);
	nla_put_u32(msg, PARTVISOR_ATTR_CPU, 0xffffffff);
	expect("CPU 0xffffffff", send_get(sk, msg), -ENOENT);

	msg = request(family, PARTVISOR_CMD_GET_CAPS);
	nla_put_u32(msg, PARTVISOR_ATTR_CPU, 0);
	expect("well-formed request for CPU 0", send_get(sk, msg), 0);

	/* The policy can be dumped (and the kernel does not warn doing it). */
	expect("the family's policy dumps", policy_dump(sk) > 0 ? 0 : -EIO, 0);

	if (argc > 1 && !strcmp(argv[1], "--user"))
		unprivileged(sk, family);
	else if (argc > 1 && !strcmp(argv[1], "--partitions"))
		partition_garbage(sk, family);
	else if (argc > 1 && !strcmp(argv[1], "--net-admin"))
		net_admin_only(sk, family);

	nl_socket_free(sk);
	return failures ? 1 : 0;
}
