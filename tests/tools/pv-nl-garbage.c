// SPDX-License-Identifier: GPL-2.0
/*
 * pv-nl-garbage: malformed requests to the "partvisor" generic netlink
 * family, through libnl, each of which must be refused with the right
 * errno (and change nothing: the family only reads today).
 *
 * Exit 0 if every request got the expected refusal, 1 otherwise.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <linux/partvisor.h>

static int ack_err(struct sockaddr_nl *nla, struct nlmsgerr *err, void *arg)
{
	(void)nla;
	*(int *)arg = err->error;
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
	printf("%s: %s (%d)%s\n", what, got ? strerror(-got) : "accepted", got,
	       got == want ? "" : "  <-- WRONG");
	if (got != want)
		failures++;
}

int main(void)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct nl_msg *msg;
	int family;

	if (!sk || genl_connect(sk))
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

	nl_socket_free(sk);
	return failures ? 1 : 0;
}
