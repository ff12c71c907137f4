/* The exact network mode: every hop (client -> gateway -> node -> client)
 * is one SimGrid communication, received by an actor of its own. Sends
 * are detached; a receiver keeps many receives posted on its mailbox and
 * serves whichever completes first, so messages from near and
 * far senders do not queue behind each other (a single blocking get, or a
 * permanent receiver, delivers in posting order: a local message would wait
 * for an earlier one crossing an ocean). */
#include <simgrid/actor.h>
#include <simgrid/comm.h>
#include <simgrid/host.h>
#include <simgrid/mailbox.h>
#include <stdlib.h>

#include "netmode.h"

/* A message: one attempt of a request. */
struct og_msg {
  struct og_request *req;
  uint32_t hop;
};

/* Receives posted at once on a mailbox: enough for the gateway and clients
 * (messages in flight ~ rate x latency), and for one node. */
enum { OG_RX_NARROW = 16, OG_RX_WIDE = 256 };

static void msg_cleanup(void *p)
{
  free(p); /* undelivered at the end of the run; requests die with the engine */
}

/* Send r (one SimGrid communication of `bytes`) from the calling actor's
 * host to mailbox `to`; the message holds a reference to r. */
static void send(struct og_engine *e, sg_mailbox_t to, struct og_request *r, double bytes)
{
  struct og_msg *msg = malloc(sizeof *msg);
  if (!msg) {
    e->oom = 1;
    return;
  }
  msg->req = r;
  msg->hop = r->hop;
  r->refs++;
  e->in_flight++;
  sg_comm_t c = sg_mailbox_put_init(to, msg, (long)bytes); /* detach starts it */
  sg_comm_detach(c, msg_cleanup);
}

/* Receive messages from mailbox `mb` forever, handing each to `fn` (which
 * must drop the message's reference to its request; the message itself is
 * freed after). */
static void receive_loop(struct og_engine *e, sg_mailbox_t mb, size_t width,
                         void (*fn)(void *, struct og_msg *), void *ctx)
{
  sg_comm_t comms[OG_RX_WIDE];
  void *data[OG_RX_WIDE];
  if (width > OG_RX_WIDE)
    width = OG_RX_WIDE;
  for (size_t i = 0; i < width; i++)
    comms[i] = sg_mailbox_get_async(mb, &data[i]);
  for (;;) {
    ssize_t k = sg_comm_wait_any(comms, width);
    if (k < 0)
      continue;
    struct og_msg *msg = data[k];
    comms[k] = sg_mailbox_get_async(mb, &data[k]);
    e->in_flight--;
    fn(ctx, msg);
    free(msg);
  }
}

static void node_on_request(void *ctx, struct og_msg *msg)
{
  struct og_node *n = ctx;
  struct og_request *r = msg->req;
  if (msg->hop == r->hop && r->state == OG_REQ_PENDING)
    og__node_enqueue(n->e, n, r);
  else {
    og__in_hand(n, r->model, -1);
    og__node_release_load(n);
  }
  og__request_unref(n->e, r);
}

static void node_receiver(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  struct og_node *n = sg_actor_self_get_data();
  receive_loop(n->e, n->mbox, OG_RX_NARROW, node_on_request, n);
}

static void client_on_response(void *ctx, struct og_msg *msg)
{
  struct og_client *c = ctx;
  struct og_request *r = msg->req;
  double done = og__now() + og__vf(c->e, r->model)->latency; /* attestation, proof check */
  if (msg->hop == r->hop && r->state == OG_REQ_PENDING) {
    r->verify_delay = og__verify_delay(c->e, r);
    og__proto_result(&c->e->nodes[r->node], r, done); /* as the fast mode does */
  }
  og__request_unref(c->e, r);
}

static void client_receiver(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  struct og_client *c = sg_actor_self_get_data();
  receive_loop(c->e, c->mbox, OG_RX_WIDE, client_on_response, c);
}

static void gateway_on_request(void *ctx, struct og_msg *msg)
{
  struct og_engine *e = ctx;
  struct og_request *r = msg->req;
  if (msg->hop == r->hop && r->state == OG_REQ_PENDING)
    og__gateway_route(e, r);
  og__request_unref(e, r);
}

static void gateway_receiver(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  struct og_engine *e = sg_actor_self_get_data();
  receive_loop(e, e->gw_mbox, OG_RX_WIDE, gateway_on_request, e);
}

static void start_node(struct og_engine *e, struct og_node *n)
{
  n->mbox = sg_mailbox_by_name(sg_host_get_name(n->host));
  og__daemon_start(e, NULL, "node-rx", n->host, node_receiver, n);
}

static void start_client(struct og_engine *e, struct og_client *c)
{
  og__daemon_start(e, NULL, "client-rx", c->host, client_receiver, c);
}

static void start(struct og_engine *e)
{
  og__daemon_start(e, NULL, "gateway", e->gw_host, gateway_receiver, e);
}

static void to_gateway(struct og_engine *e, struct og_request *r)
{
  send(e, e->gw_mbox, r, r->req_bytes);
}

static void to_node(struct og_engine *e, struct og_node *n, struct og_request *r)
{
  send(e, n->mbox, r, r->req_bytes);
}

static void respond(struct og_node *n, struct og_request *r)
{
  struct og_engine *e = n->e;
  send(e, e->clients[r->client].mbox, r, r->resp_bytes);
}

const struct og_net_mode_type og_net_exact = {
  .start_node = start_node,
  .start_client = start_client,
  .start = start,
  .to_gateway = to_gateway,
  .to_node = to_node,
  .respond = respond,
};
