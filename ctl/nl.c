// SPDX-License-Identifier: GPL-2.0
/*
 * partctl's netlink plumbing: connect, resolve the family, send a request,
 * and turn a kernel refusal into a message (with the extended-ack text)
 * and an exit code.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <linux/partvisor.h>

#include "partctl.h"

/* Dumps fill at most 32 KiB skbs (netlink_dump()); acks are capped. */
#define PC_RECV_BUF	32768

struct pc_result {
	int err;		/* negative errno from the kernel, or 0 */
	bool done;
	char extack[256];
	int (*handler)(struct nl_msg *msg, void *arg);
	void *arg;
};

int pc_connect(struct pc_conn *conn)
{
	int one = 1;

	conn->sk = nl_socket_alloc();
	if (!conn->sk) {
		fprintf(stderr, "partctl: out of memory\n");
		return PC_EXIT_KERNEL;
	}
	if (genl_connect(conn->sk)) {
		fprintf(stderr, "partctl: cannot open a generic netlink socket\n");
		goto free_sock;
	}
	/* libnl 3.7 has no helper for this: ask for extended-ack messages. */
	if (setsockopt(nl_socket_get_fd(conn->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		       &one, sizeof(one)))
		fprintf(stderr, "partctl: warning: no extended-ack messages from this kernel\n");
	/*
	 * An error ack without NETLINK_CAP_ACK echoes the whole request: a
	 * refused create would send its image (up to 60000 bytes) back.
	 * Capped, no reply of ours is bigger than a dump's 32 KiB, and
	 * partctl reads every reply into a buffer of that size.
	 */
	if (setsockopt(nl_socket_get_fd(conn->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		       &one, sizeof(one))) {
		fprintf(stderr, "partctl: this kernel cannot cap netlink acks (NETLINK_CAP_ACK)\n");
		goto free_sock;
	}
	nl_socket_disable_msg_peek(conn->sk);
	if (nl_socket_set_msg_buf_size(conn->sk, PC_RECV_BUF)) {
		fprintf(stderr, "partctl: cannot size the netlink receive buffer\n");
		goto free_sock;
	}
	conn->family = genl_ctrl_resolve(conn->sk, PARTVISOR_GENL_NAME);
	if (conn->family < 0) {
		fprintf(stderr,
			"partctl: the partvisor module is not loaded (no generic netlink family '%s'): load it with 'insmod partvisor.ko'\n",
			PARTVISOR_GENL_NAME);
		nl_socket_free(conn->sk);
		conn->sk = NULL;
		return PC_EXIT_NOT_FOUND;
	}
	return PC_EXIT_OK;

free_sock:
	nl_socket_free(conn->sk);
	conn->sk = NULL;
	return PC_EXIT_KERNEL;
}

void pc_disconnect(struct pc_conn *conn)
{
	nl_socket_free(conn->sk);
	conn->sk = NULL;
}

struct nl_msg *pc_msg(struct pc_conn *conn, int cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, conn->family, 0, flags,
			 cmd, PARTVISOR_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* The error message follows the echoed request in an NLMSG_ERROR with ACK_TLVS. */
static int pc_err_cb(struct sockaddr_nl *nla, struct nlmsgerr *err, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)err - 1;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	struct pc_result *res = arg;
	size_t ack_len = sizeof(*nlh) + sizeof(*err);

	(void)nla;
	res->err = err->error;
	res->done = true;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		ack_len += err->msg.nlmsg_len - sizeof(*nlh);
	if (nlh->nlmsg_len <= ack_len)
		return NL_STOP;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)nlh + ack_len),
		      nlh->nlmsg_len - ack_len, NULL))
		return NL_STOP;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(res->extack, sizeof(res->extack), "%s",
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
	return NL_STOP;
}

static int pc_finish_cb(struct nl_msg *msg, void *arg)
{
	struct pc_result *res = arg;

	(void)msg;
	res->done = true;
	return NL_STOP;
}

static int pc_valid_cb(struct nl_msg *msg, void *arg)
{
	struct pc_result *res = arg;

	return res->handler ? res->handler(msg, res->arg) : NL_OK;
}

static int pc_exit_for(int err)
{
	switch (err) {
	case -EPERM:
	case -EACCES:
		return PC_EXIT_PERM;
	case -ENOENT:
	case -ENODEV:
		return PC_EXIT_NOT_FOUND;
	default:
		return PC_EXIT_KERNEL;
	}
}

int pc_transact(struct pc_conn *conn, struct nl_msg *msg,
		int (*handler)(struct nl_msg *msg, void *arg), void *arg,
		const char *what)
{
	struct pc_result res = { .handler = handler, .arg = arg };
	struct nl_cb *cb;
	int err;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		fprintf(stderr, "partctl: out of memory\n");
		return PC_EXIT_KERNEL;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, pc_err_cb, &res);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, pc_finish_cb, &res);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, pc_finish_cb, &res);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, pc_valid_cb, &res);

	err = nl_send_auto(conn->sk, msg);
	nlmsg_free(msg);
	if (err < 0) {
		fprintf(stderr, "partctl: %s: cannot send: %s\n", what, nl_geterror(err));
		nl_cb_put(cb);
		return PC_EXIT_KERNEL;
	}
	while (!res.done) {
		err = nl_recvmsgs(conn->sk, cb);
		if (err < 0 && !res.done) {
			fprintf(stderr, "partctl: %s: %s\n", what, nl_geterror(err));
			nl_cb_put(cb);
			return PC_EXIT_KERNEL;
		}
	}
	nl_cb_put(cb);
	if (res.err) {
		fprintf(stderr, "partctl: %s: %s%s%s\n", what, strerror(-res.err),
			res.extack[0] ? ": " : "", res.extack);
		return pc_exit_for(res.err);
	}
	return PC_EXIT_OK;
}
