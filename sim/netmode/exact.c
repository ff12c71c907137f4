/* The exact network mode: every hop (client -> gateway -> node -> client)
 * is one SimGrid communication, received by an actor of its own. Sends
 * are detached; a receiver keeps many receives posted on its mailbox and
 * serves whichever completes first, so messages from near and
 * far senders do not queue behind each other (a single blocking get, or a
 * permanent receiver, delivers in posting order: a local message would wait
 * for an earlier one crossing an ocean). A send that would find no receive
 * free first starts one more receiver (SimGrid starts a transfer only when
 * a put meets a get), so no message waits to be matched however many are
 * in flight. */
#include <simgrid/actor.h>
#include <simgrid/comm.h>
#include <simgrid/host.h>
#include <simgrid/mailbox.h>
#include <simgrid/semaphore.h>
#include <stdint.h>
#include <stdlib.h>

#include "grow.h"
#include "netmode.h"

/* A message: one attempt of a request. */
struct og_msg {
  struct og_request *req;
  uint32_t hop;
};

/* Receives a receiver actor keeps posted: the first of a mailbox's (the
 * gateway's and a client host's are wide: messages in flight ~ rate x
 * latency; a node's narrow), and each one started later for a burst. */
enum { OG_RX_NARROW = 16, OG_RX_WIDE = 256, OG_RX_MORE = 16 };

static void msg_cleanup(void *p)
{
  free(p); /* undelivered at the end of the run; requests die with the engine */
}

static void receiver(int argc, char **argv);

/* Start a receiver actor of rx on its host. It runs at the current
 * simulated time, and its gets match the puts waiting on the mailbox.
 * One started during the run daemonizes itself: in SimGrid 3.32 an actor
 * that daemonizes another it has not started yet blocks for good. */
static void rx_more(struct og_rx *rx, const char *name)
{
  struct og_engine *e = rx->e;
  rx->free += rx->receivers++ ? OG_RX_MORE : rx->width;
  if (rx->receivers == 1) {
    og__daemon_start(e, NULL, name, rx->host, receiver, rx);
    return;
  }
  e->n_actors++;
  sg_actor_t a = sg_actor_init(name, rx->host);
  sg_actor_set_data(a, rx);
  sg_actor_start(a, receiver, 0, NULL);
}

/* Messages to `host` arrive at rx, handed to on_msg(ctx, message): its
 * first receiver keeps `width` receives posted. */
static void rx_open(struct og_engine *e, struct og_rx *rx, sg_host_t host, size_t width,
                    const char *name, void (*on_msg)(void *, void *), void *ctx)
{
  *rx = (struct og_rx){.mbox = sg_mailbox_by_name(sg_host_get_name(host)), .host = host,
                       .width = width, .on_msg = on_msg, .ctx = ctx, .e = e};
  rx_more(rx, name);
}

/* Send r (one SimGrid communication of `bytes`) from the calling actor's
 * host to rx's mailbox; the message holds a reference to r. It takes one
 * of rx's free receives, after starting a receiver when none is left, so
 * its transfer starts now. */
static void send(struct og_engine *e, struct og_rx *rx, struct og_request *r, double bytes)
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
  if (rx->free == 0)
    rx_more(rx, "rx-more");
  rx->free--;
  sg_comm_t c = sg_mailbox_put_init(rx->mbox, msg, (long)bytes); /* detach starts it */
  sg_comm_detach(c, msg_cleanup);
}

/* A receiver of rx: receive messages forever, handing each to rx->on_msg
 * (which must drop the message's reference to its request; the message
 * itself is freed after). */
static void receiver(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  struct og_rx *rx = sg_actor_self_get_data();
  if (!sg_actor_is_daemon(sg_actor_self()))
    sg_actor_daemonize(sg_actor_self());
  size_t width = rx->width;
  sg_comm_t comms[OG_RX_WIDE];
  void *data[OG_RX_WIDE];
  rx->width = OG_RX_MORE;
  for (size_t i = 0; i < width; i++)
    comms[i] = sg_mailbox_get_async(rx->mbox, &data[i]);
  for (;;) {
    ssize_t k = sg_comm_wait_any(comms, width);
    if (k < 0)
      continue;
    struct og_msg *msg = data[k];
    comms[k] = sg_mailbox_get_async(rx->mbox, &data[k]);
    rx->free++;
    rx->e->in_flight--;
    rx->on_msg(rx->ctx, msg);
    free(msg);
  }
}

static void node_on_request(void *ctx, void *m)
{
  struct og_node *n = ctx;
  const struct og_msg *msg = m;
  og__arrive_node(n->e, n, msg->req, msg->hop);
}

static void client_on_response(void *ctx, void *m)
{
  struct og_client *c = ctx;
  const struct og_msg *msg = m;
  og__arrive_client(c->e, msg->req, msg->hop, msg->req->node, og__now());
}

static void gateway_on_request(void *ctx, void *m)
{
  const struct og_msg *msg = m;
  og__arrive_gateway(ctx, msg->req, msg->hop);
}

static void to_gateway(struct og_engine *e, struct og_request *r);

/* The sender of a client host but the first: sends, from its host, the
 * requests the client's actor hands it (at the same simulated time). */
static void sender(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  struct og_client_host *h = sg_actor_self_get_data();
  struct og_engine *e = h->rx.e;
  for (;;) {
    sg_sem_acquire(h->out_ready);
    struct og_reqfifo *f = &h->out;
    struct og_request *r = f->v[f->head];
    f->head = og_ring_at(f->head, 1, f->cap);
    f->len--;
    to_gateway(e, r);
    og__request_unref(e, r);
  }
}

/* Hand r to the sender of host h (the client's actor is not there). */
static void hand_over(struct og_engine *e, struct og_client_host *h, struct og_request *r)
{
  struct og_reqfifo *f = &h->out;
  if (og_ring_room((void **)&f->v, &f->head, f->len, &f->cap, sizeof *f->v, 16)) {
    e->oom = 1;
    return;
  }
  f->v[og_ring_at(f->head, f->len++, f->cap)] = r;
  r->refs++;
  sg_sem_release(h->out_ready);
}

static void start_node(struct og_engine *e, struct og_node *n)
{
  rx_open(e, &n->rx, n->host, OG_RX_NARROW, "node-rx", node_on_request, n);
}

static void start_client(struct og_engine *e, struct og_client *c)
{
  for (size_t j = 0; j < c->n_hosts; j++) {
    struct og_client_host *h = &c->hosts[j];
    rx_open(e, &h->rx, h->host, OG_RX_WIDE, "client-rx", client_on_response, c);
    if (j > 0) {
      h->out_ready = sg_sem_init(0);
      og__daemon_start(e, NULL, "client-tx", h->host, sender, h);
    }
  }
}

static void start(struct og_engine *e)
{
  rx_open(e, &e->gw_rx, e->gw_host, OG_RX_WIDE, "gateway", gateway_on_request, e);
}

/* From the client's actor, a request of another of its hosts goes to
 * that host's sender: a message leaves from the host it is sent on. */
static void to_gateway(struct og_engine *e, struct og_request *r)
{
  struct og_client *c = &e->clients[r->client];
  if (r->client_host != 0 && sg_actor_self() == c->actor) {
    hand_over(e, &c->hosts[r->client_host], r);
    return;
  }
  send(e, &e->gw_rx, r, r->req_bytes);
}

static void to_node(struct og_engine *e, struct og_node *n, struct og_request *r)
{
  send(e, &n->rx, r, r->req_bytes);
}

static void respond(struct og_node *n, struct og_request *r)
{
  struct og_engine *e = n->e;
  send(e, &e->clients[r->client].hosts[r->client_host].rx, r, r->resp_bytes);
}

static int analytic(const struct og_engine *e, double bytes)
{
  (void)e;
  (void)bytes;
  return 0; /* every message is a SimGrid communication */
}

const struct og_net_mode_type og_net_exact = {
  .analytic = analytic,
  .start_node = start_node,
  .start_client = start_client,
  .start = start,
  .to_gateway = to_gateway,
  .to_node = to_node,
  .respond = respond,
};
