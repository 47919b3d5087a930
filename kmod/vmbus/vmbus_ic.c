// SPDX-License-Identifier: GPL-2.0
/*
 * Integration services, the root (host) end: heartbeat, shutdown, time
 * synchronisation and key-value exchange, each a VMBus channel speaking
 * the published "IC" framing: a pipe header, struct icmsg_hdr, then the
 * service's message. The host starts every exchange: version negotiation
 * when the child opens the channel, then requests (heartbeat and time
 * samples on the connection's one-second tick, shutdown and KVP when the
 * root asks); the child answers each with ICMSGHDRFLAG_RESPONSE.
 *
 * Packets come from the child: every size is checked before use.
 * KVP keys and values are ASCII here (zero-extended to the protocol's
 * UTF-16 on the wire).
 */
#define pr_fmt(fmt) "partvisor: " fmt

#include <linux/completion.h>
#include <linux/hyperv.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <uapi/linux/hyperv.h>

#include "../partmgr/pt_core.h"
#include "vmbus_core.h"
#include "vmbus_services.h"

#define IC_S_OK		0x00000000
#define IC_E_FAIL	0x80004005

/* The framework and message versions the host offers, newest first. */
static const struct ic_version fw_versions[] = { { 3, 0 }, { 1, 0 } };
static const struct ic_version hb_versions[] = { { 3, 0 }, { 1, 0 } };
static const struct ic_version sd_versions[] = { { 3, 0 }, { 1, 0 } };
static const struct ic_version ts_versions[] = { { 3, 0 } };
static const struct ic_version kvp_versions[] = { { 5, 0 }, { 4, 0 }, { 3, 0 } };

/**
 * struct ic_packet - what the host sends: the IC framing and a body
 * @pipe: the pipe header (flags 1: message mode; msgsize: what follows)
 * @hdr: the IC header
 * @body: the message
 */
struct ic_packet {
	struct vmbuspipe_hdr pipe;
	struct icmsg_hdr hdr;
	u8 body[];
} __packed;

/**
 * struct ic_state - one integration-service channel, host side
 * @negotiated: the child answered the version negotiation
 * @fw: framework version agreed on
 * @msg: message version agreed on
 * @txid: transaction id of the last request
 * @waiting: a request is outstanding
 * @sent_tick: the tick it was sent on
 * @ticks: ticks since the channel opened
 * @status: the child's status in its last answer
 * @answers: answers taken
 * @hb_seq: heartbeat: the sequence number sent last
 * @hb_beats: heartbeat: right answers
 * @hb_last_ns: when the last right answer came
 * @hb_late: requests not answered within IC_LATE_TICKS
 * @kvp: KVP: the request, then the answer, for the waiting caller
 * @done: the answer to @txid came, or the channel closed
 * @call: one caller at a time waits on @done (shutdown, KVP)
 *
 * Allocated at the first open, kept until the server goes (release()).
 */
struct ic_state {
	bool negotiated;
	struct ic_version fw, msg;
	u8 txid;
	bool waiting;
	u64 sent_tick, ticks;
	u32 status;
	u64 answers;
	u64 hb_seq, hb_beats, hb_last_ns, hb_late;
	struct hv_kvp_msg kvp;
	struct completion done;
	struct mutex call;	/* serialises callers of ic_call() */
};

#define IC_LATE_TICKS	3	/* an answer not back in 3 s is late */

static const struct ic_version *versions_of(const struct pv_vmbus_chan *ch, u16 *n)
{
	if (ch->svc == &pv_vmbus_heartbeat) {
		*n = ARRAY_SIZE(hb_versions);
		return hb_versions;
	}
	if (ch->svc == &pv_vmbus_shutdown) {
		*n = ARRAY_SIZE(sd_versions);
		return sd_versions;
	}
	if (ch->svc == &pv_vmbus_timesync) {
		*n = ARRAY_SIZE(ts_versions);
		return ts_versions;
	}
	*n = ARRAY_SIZE(kvp_versions);
	return kvp_versions;
}

/* Send a request of @type with @len bytes of @body; one at a time. */
static int ic_request(struct pv_vmbus_chan *ch, u16 type, const void *body, u32 len)
{
	struct ic_state *ic = ch->priv;
	struct ic_packet *p;
	int err;

	p = kzalloc(sizeof(*p) + len, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->pipe.flags = 1;
	p->pipe.msgsize = sizeof(p->hdr) + len;
	p->hdr.icverframe = ic->negotiated ? ic->fw : fw_versions[0];
	p->hdr.icvermsg = ic->msg;
	p->hdr.icmsgtype = type;
	p->hdr.icmsgsize = len;
	p->hdr.ictransaction_id = ic->txid + 1;
	p->hdr.icflags = ICMSGHDRFLAG_TRANSACTION | ICMSGHDRFLAG_REQUEST;
	memcpy(p->body, body, len);
	err = pv_vmbus_send(ch, p, sizeof(*p) + len, ic->txid + 1);
	kfree(p);
	if (err)
		return err;
	ic->txid++;
	ic->waiting = true;
	ic->sent_tick = ic->ticks;
	reinit_completion(&ic->done);
	return 0;
}

static int ic_negotiate(struct pv_vmbus_chan *ch)
{
	u8 buf[sizeof(struct icmsg_negotiate) + 8 * sizeof(struct ic_version)] = {};
	u16 nfw = ARRAY_SIZE(fw_versions), nmsg;
	const struct ic_version *msg = versions_of(ch, &nmsg);
	struct icmsg_negotiate *n = (void *)buf;

	n->icframe_vercnt = nfw;
	n->icmsg_vercnt = nmsg;
	memcpy(n->icversion_data, fw_versions, sizeof(fw_versions));
	memcpy(n->icversion_data + nfw, msg, nmsg * sizeof(*msg));
	return ic_request(ch, ICMSGTYPE_NEGOTIATE, n,
			  sizeof(*n) + (nfw + nmsg) * sizeof(struct ic_version));
}

static bool offered(const struct ic_version *v, u16 n, struct ic_version got)
{
	while (n--)
		if (v[n].major == got.major && v[n].minor == got.minor)
			return true;
	return false;
}

/* The child's negotiation answer: one framework and one message version we offered. */
static int ic_negotiated(struct pv_vmbus_chan *ch, const void *body, u32 len)
{
	const struct icmsg_negotiate *n = body;
	struct ic_state *ic = ch->priv;
	const struct ic_version *msg;
	u16 nmsg;

	msg = versions_of(ch, &nmsg);
	if (len < sizeof(*n) + 2 * sizeof(struct ic_version) || n->icframe_vercnt != 1 ||
	    n->icmsg_vercnt != 1 ||
	    !offered(fw_versions, ARRAY_SIZE(fw_versions), n->icversion_data[0]) ||
	    !offered(msg, nmsg, n->icversion_data[1]))
		return -EPROTO;
	ic->fw = n->icversion_data[0];
	ic->msg = n->icversion_data[1];
	ic->negotiated = true;
	return 0;
}

static int ic_open(struct pv_vmbus_chan *ch)
{
	struct ic_state *ic = ch->priv;

	if (!ic) {
		ic = kzalloc(sizeof(*ic), GFP_KERNEL);
		if (!ic)
			return -ENOMEM;
		init_completion(&ic->done);
		mutex_init(&ic->call);
		ch->priv = ic;
	}
	ic->negotiated = false;
	ic->waiting = false;
	ic->ticks = 0;
	ic->answers = 0;
	ic->hb_late = 0;
	ic->hb_beats = 0;
	ic->hb_last_ns = 0;
	/* A full ring now is the child's to fix; the next tick asks again. */
	ic_negotiate(ch);
	return 0;
}

static void ic_close(struct pv_vmbus_chan *ch)
{
	struct ic_state *ic = ch->priv;

	/* A caller waiting for an answer learns that none will come. */
	ic->negotiated = false;
	ic->waiting = false;
	complete_all(&ic->done);
}

static void ic_release(struct pv_vmbus_chan *ch)
{
	kfree(ch->priv);
	ch->priv = NULL;
}

/* Once a second: negotiate again if that got lost, give up on late answers. */
static void ic_tick(struct pv_vmbus_chan *ch)
{
	struct ic_state *ic = ch->priv;

	ic->ticks++;
	if (ic->waiting && ic->ticks - ic->sent_tick >= IC_LATE_TICKS) {
		if (ch->svc == &pv_vmbus_heartbeat)
			ic->hb_late++;
		ic->waiting = false;
	}
	if (!ic->negotiated && !ic->waiting)
		ic_negotiate(ch);
}

static int hb_answer(struct pv_vmbus_chan *ch, const void *body, u32 len);
static int kvp_answer(struct pv_vmbus_chan *ch, const void *body, u32 len);

/* A packet from the child: the answer to our outstanding request. */
static int ic_receive(struct pv_vmbus_chan *ch, const void *data, u32 len, u64 trans_id)
{
	const struct ic_packet *p = data;
	struct ic_state *ic = ch->priv;
	int err = 0;

	if (len < sizeof(*p) || p->hdr.icmsgsize > len - sizeof(*p) ||
	    !(p->hdr.icflags & ICMSGHDRFLAG_RESPONSE))
		return -EPROTO;
	/* An answer to nothing, or to an older request: not ours to take. */
	if (!ic->waiting || p->hdr.ictransaction_id != ic->txid)
		return 0;
	ic->waiting = false;
	ic->status = p->hdr.status;
	ic->answers++;
	if (p->hdr.icmsgtype == ICMSGTYPE_NEGOTIATE)
		err = ic_negotiated(ch, p->body, p->hdr.icmsgsize);
	else if (ch->svc == &pv_vmbus_heartbeat && p->hdr.icmsgtype == ICMSGTYPE_HEARTBEAT)
		err = hb_answer(ch, p->body, p->hdr.icmsgsize);
	else if (ch->svc == &pv_vmbus_kvp_service && p->hdr.icmsgtype == ICMSGTYPE_KVPEXCHANGE)
		err = kvp_answer(ch, p->body, p->hdr.icmsgsize);
	complete_all(&ic->done);
	return err;
}

/* ---- heartbeat ---- */

static int hb_answer(struct pv_vmbus_chan *ch, const void *body, u32 len)
{
	const struct heartbeat_msg_data *hb = body;
	struct ic_state *ic = ch->priv;

	if (len < sizeof(*hb) || hb->seq_num != ic->hb_seq + 1)
		return -EPROTO;
	ic->hb_seq = hb->seq_num;
	ic->hb_beats++;
	ic->hb_last_ns = ktime_get_ns();
	return 0;
}

static void hb_tick(struct pv_vmbus_chan *ch)
{
	struct ic_state *ic = ch->priv;
	struct heartbeat_msg_data hb = {};

	ic_tick(ch);
	if (!ic->negotiated || ic->waiting)
		return;
	hb.seq_num = ic->hb_seq;
	ic_request(ch, ICMSGTYPE_HEARTBEAT, &hb, sizeof(hb));
}

/* ---- time synchronisation ---- */

static void ts_tick(struct pv_vmbus_chan *ch)
{
	struct ic_state *ic = ch->priv;
	struct ictimesync_data ts = {};

	ic_tick(ch);
	if (!ic->negotiated || ic->waiting)
		return;
	/* Windows time: 100 ns units since 1601. */
	ts.parenttime = div_u64(ktime_get_real_ns(), 100) + WLTIMEDELTA;
	ts.flags = ic->answers <= 1 ? ICTIMESYNCFLAG_SYNC : ICTIMESYNCFLAG_SAMPLE;
	ic_request(ch, ICMSGTYPE_TIMESYNC, &ts, sizeof(ts));
}

/* ---- calls a root user waits for: shutdown, KVP ---- */

/*
 * Send a request on @svc's channel and wait for the child's answer.
 * @fill runs under the connection lock and sends the request.
 */
static int ic_call(struct pv_vmbus *vb, const struct pv_vmbus_service *svc,
		   int (*fill)(struct pv_vmbus_chan *ch, void *arg), void *arg,
		   void (*take)(struct pv_vmbus_chan *ch, void *arg),
		   unsigned int timeout_ms, const char **why)
{
	struct pv_vmbus_chan *ch = pv_vmbus_find(vb, svc);
	struct ic_state *ic;
	long left;
	u8 txid;
	int err;

	mutex_lock(&vb->lock);
	ic = ch ? ch->priv : NULL;
	if (!ic || ch->state != PV_VMBUS_CHAN_OPEN || !ic->negotiated) {
		mutex_unlock(&vb->lock);
		*why = "the child has not opened that integration service";
		return -ENOTCONN;
	}
	mutex_unlock(&vb->lock);
	/* ic lives until the server goes, which our caller's reference prevents. */
	if (mutex_lock_killable(&ic->call))
		return -EINTR;
	mutex_lock(&vb->lock);
	err = -ENOTCONN;
	if (ch->state == PV_VMBUS_CHAN_OPEN && ic->negotiated && !ic->waiting)
		err = fill(ch, arg);
	else if (ic->waiting)
		err = -EBUSY;
	txid = ic->txid;
	mutex_unlock(&vb->lock);
	if (err) {
		*why = err == -EBUSY ? "the service is busy with another request" :
		       err == -ENOSPC ? "the child's ring is full" :
		       "the channel closed";
		goto out;
	}
	left = wait_for_completion_killable_timeout(&ic->done, msecs_to_jiffies(timeout_ms));
	mutex_lock(&vb->lock);
	if (left < 0) {
		err = -EINTR;
		*why = "interrupted";
	} else if (ic->waiting || ic->txid != txid || !ic->answers) {
		err = left ? -ENOTCONN : -ETIMEDOUT;
		*why = left ? "the channel closed before the child answered" :
		       "the child did not answer in time";
	} else if (ic->status != IC_S_OK) {
		err = -ENODATA;
		*why = "the child answered with a failure status";
	} else if (take) {
		take(ch, arg);
	}
	mutex_unlock(&vb->lock);
out:
	mutex_unlock(&ic->call);
	return err;
}

static int sd_fill(struct pv_vmbus_chan *ch, void *arg)
{
	struct shutdown_msg_data *sd = kzalloc(sizeof(*sd), GFP_KERNEL);
	int err;

	if (!sd)
		return -ENOMEM;
	sd->reason_code = 0;
	sd->timeout_seconds = 0;
	sd->flags = 0;		/* shut down, not restart */
	strscpy(sd->display_message, "partvisor: the root asks the partition to shut down",
		sizeof(sd->display_message));
	err = ic_request(ch, ICMSGTYPE_SHUTDOWN, sd, sizeof(*sd));
	kfree(sd);
	return err;
}

/**
 * pv_vmbus_request_shutdown() - ask the child to shut down (shutdown IC)
 * @vb: the partition's server
 * @why: set to a message when it could not be asked
 *
 * Return: 0 once the child acknowledged the request (it then shuts down
 * by itself), -ENOTCONN if it has no shutdown channel open, -ETIMEDOUT.
 */
int pv_vmbus_request_shutdown(struct pv_vmbus *vb, const char **why)
{
	return ic_call(vb, &pv_vmbus_shutdown, sd_fill, NULL, NULL, 2000, why);
}

/* KVP: ASCII to the wire's UTF-16LE and back; sizes count bytes with the NUL. */
static u32 to_utf16(u8 *dst, u32 room, const char *src)
{
	u32 n = 0;

	while (*src && n + 4 <= room) {
		dst[n++] = *src++;
		dst[n++] = 0;
	}
	dst[n++] = 0;
	dst[n++] = 0;
	return n;
}

static int from_utf16(char *dst, size_t room, const u8 *src, u32 bytes)
{
	size_t n = 0;
	u32 i;

	for (i = 0; i + 1 < bytes && n + 1 < room; i += 2) {
		if (!src[i] && !src[i + 1])
			break;
		if (src[i + 1] || src[i] < 0x20 || src[i] > 0x7e)
			return -EILSEQ;	/* not ASCII: not ours to show */
		dst[n++] = src[i];
	}
	dst[n] = 0;
	return 0;
}

/**
 * struct kvp_call - a KVP request and where its answer goes
 * @op: KVP_OP_GET or KVP_OP_SET
 * @pool: the pool
 * @key: the key (ASCII)
 * @value: SET: the value; GET: the answer, @value_size bytes
 * @value_size: room in @value
 * @bad: GET: the child's answer is not ASCII
 */
struct kvp_call {
	u8 op, pool;
	const char *key;
	char *value;
	size_t value_size;
	bool bad;
};

static int kvp_fill(struct pv_vmbus_chan *ch, void *arg)
{
	struct ic_state *ic = ch->priv;
	struct kvp_call *c = arg;
	struct hv_kvp_exchg_msg_value *d = &ic->kvp.body.kvp_set.data;

	memset(&ic->kvp, 0, sizeof(ic->kvp));
	ic->kvp.kvp_hdr.operation = c->op;
	ic->kvp.kvp_hdr.pool = c->pool;
	d->value_type = REG_SZ;
	d->key_size = to_utf16(d->key, sizeof(d->key), c->key);
	if (c->op == KVP_OP_SET)
		d->value_size = to_utf16(d->value, sizeof(d->value), c->value);
	return ic_request(ch, ICMSGTYPE_KVPEXCHANGE, &ic->kvp, sizeof(ic->kvp));
}

static int kvp_answer(struct pv_vmbus_chan *ch, const void *body, u32 len)
{
	struct ic_state *ic = ch->priv;

	/* Kept for the caller; a short answer is the child's failure. */
	if (len < sizeof(ic->kvp)) {
		ic->status = IC_E_FAIL;
		return 0;
	}
	memcpy(&ic->kvp, body, sizeof(ic->kvp));
	return 0;
}

static void kvp_take(struct pv_vmbus_chan *ch, void *arg)
{
	struct ic_state *ic = ch->priv;
	struct kvp_call *c = arg;
	struct hv_kvp_exchg_msg_value *d = &ic->kvp.body.kvp_get.data;

	if (c->op == KVP_OP_GET)
		c->bad = from_utf16(c->value, c->value_size, d->value,
				    min_t(u32, d->value_size, sizeof(d->value))) < 0;
}

static bool kvp_text_ok(const char *s, size_t max)
{
	size_t n = strnlen(s, max + 1);

	if (!n || n > max)
		return false;
	while (*s)
		if (*s < 0x20 || *s++ > 0x7e)
			return false;
	return true;
}

/**
 * pv_vmbus_kvp() - get or set a key-value pair in the child (KVP IC)
 * @vb: the partition's server
 * @set: set @value for @key in the host's pool; else get @key from the
 *	child's own pool into @value
 * @key: the key, printable ASCII, 1..%PV_VMBUS_KVP_KEY_MAX bytes
 * @value: SET: the value (printable ASCII, at most
 *	%PV_VMBUS_KVP_VALUE_MAX bytes); GET: receives it
 * @value_size: room in @value for GET
 * @why: set to a message for the user on failure
 *
 * Return: 0, -EINVAL (bad key or value), -ENOTCONN (no KVP channel),
 * -ENODATA (the child does not have the key), -ETIMEDOUT, -EILSEQ (its
 * answer is not ASCII), -EINTR.
 */
int pv_vmbus_kvp(struct pv_vmbus *vb, bool set, const char *key, char *value,
		 size_t value_size, const char **why)
{
	struct kvp_call c = {
		.op = set ? KVP_OP_SET : KVP_OP_GET,
		.pool = set ? KVP_POOL_EXTERNAL : KVP_POOL_GUEST,
		.key = key, .value = value, .value_size = value_size,
	};
	int err;

	if (!kvp_text_ok(key, PV_VMBUS_KVP_KEY_MAX) ||
	    (set && value[0] && !kvp_text_ok(value, PV_VMBUS_KVP_VALUE_MAX))) {
		*why = "KVP keys (1-255 bytes) and values (up to 1023 bytes) are printable ASCII";
		return -EINVAL;
	}
	err = ic_call(vb, &pv_vmbus_kvp_service, kvp_fill, &c, kvp_take, 5000, why);
	if (err == -ENODATA)
		*why = set ? "the child refused the value" : "the child has no such key";
	if (!err && c.bad) {
		*why = "the child's value is not printable ASCII";
		err = -EILSEQ;
	}
	return err;
}

/**
 * pv_vmbus_ic_status() - what partctl info shows of an IC channel
 * @ch: the channel (connection lock held)
 * @beats: set to the heartbeats the child answered right
 * @late: set to requests it left unanswered
 * @last_ns: set to when the last heartbeat came (0: never)
 */
void pv_vmbus_ic_status(struct pv_vmbus_chan *ch, u64 *beats, u64 *late, u64 *last_ns)
{
	struct ic_state *ic = ch->priv;

	*beats = ic ? ic->hb_beats : 0;
	*late = ic ? ic->hb_late : 0;
	*last_ns = ic ? ic->hb_last_ns : 0;
}

const struct pv_vmbus_service pv_vmbus_heartbeat = {
	.name = "heartbeat", .type = { HV_HEART_BEAT_GUID },
	.instance = GUID_INIT(0x7076a001, 0x0001, 0x4d00, 0x8b, 0x70, 0x70, 0x61, 0x72, 0x74,
			      0x76, 0x31),
	.open = ic_open, .receive = ic_receive, .close = ic_close, .tick = hb_tick,
	.release = ic_release,
};

const struct pv_vmbus_service pv_vmbus_shutdown = {
	.name = "shutdown", .type = { HV_SHUTDOWN_GUID },
	.instance = GUID_INIT(0x7076a001, 0x0002, 0x4d00, 0x8b, 0x70, 0x70, 0x61, 0x72, 0x74,
			      0x76, 0x31),
	.open = ic_open, .receive = ic_receive, .close = ic_close, .tick = ic_tick,
	.release = ic_release,
};

const struct pv_vmbus_service pv_vmbus_timesync = {
	.name = "timesync", .type = { HV_TS_GUID },
	.instance = GUID_INIT(0x7076a001, 0x0003, 0x4d00, 0x8b, 0x70, 0x70, 0x61, 0x72, 0x74,
			      0x76, 0x31),
	.open = ic_open, .receive = ic_receive, .close = ic_close, .tick = ts_tick,
	.release = ic_release,
};

const struct pv_vmbus_service pv_vmbus_kvp_service = {
	.name = "kvp", .type = { HV_KVP_GUID },
	.instance = GUID_INIT(0x7076a001, 0x0004, 0x4d00, 0x8b, 0x70, 0x70, 0x61, 0x72, 0x74,
			      0x76, 0x31),
	.open = ic_open, .receive = ic_receive, .close = ic_close, .tick = ic_tick,
	.release = ic_release,
};
