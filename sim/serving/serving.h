/* Serving engines: what a node does with its queue (form batches, wait for
 * them to fill, compute them). The interface between node.c, which keeps
 * what every engine shares (the queue, wake-ups, failures and repair, the
 * delivery of results), and each engine's file; an engine is one file plus
 * one line in serving_list.h, chosen per node class by its `serving` key. */
#ifndef OG_SERVING_H
#define OG_SERVING_H

#include "engine_internal.h"
#include "grow.h"

struct og_serving_type {
  /* Bytes of per-node state (n->serving_state, zeroed; 0: none), and its
   * set-up and release beyond that (NULL: nothing). */
  size_t node_state;
  enum og_status (*node_setup)(struct og_node *n);
  void (*node_free)(struct og_node *n);
  /* n is up at `now` (node clock), before its next failure, and something
   * happened: its queue's head is live (or the engine holds requests:
   * n->engaged) and nothing is in service, or it
   * is in service (n->busy) and a request arrived that `wake` let through
   * or a time this hook asked for came. Start a service
   * (og__node_serve) or leave things as they are; return the time (node
   * clock) at which to be called again, INFINITY for none (then at the next
   * event: the end of the service, an arrival `wake` lets through). The
   * engine's state may advance in closed form between its calls: nothing
   * calls it in between. Required. */
  double (*step)(struct og_node *n, double now);
  /* A request joined n's queue while n is in service or waits for the time
   * step asked for: whether to call step now (NULL: yes). */
  int (*wake)(const struct og_node *n);
  /* The event loop's shortcut for `wake` (NULL: none): a request joined
   * n's queue at `now` (node clock) while n waits for its engine; the
   * engine takes it into account at once and returns a time at which n
   * must run if that is sooner than the one it gave (INFINITY: nothing
   * changes), or NAN for a run now. It must leave n as a run of step at
   * `now` would (drivers without the loop call step instead). */
  double (*arrived)(struct og_node *n, double now);
  /* n failed: its requests in service went back to the gateway; drop the
   * rest of its state (NULL: nothing). */
  void (*failed)(struct og_node *n);
  /* The models n holds changed (demand placement): memory left for the
   * engine's own use follows (NULL: nothing to do). */
  void (*hosted_changed)(struct og_node *n);
  /* The run ended at `now` (node clock): count the work n finished by
   * then that the engine holds in closed form, as a run of step at each
   * of its ends would have (NULL: it counts everything as it goes). Its
   * requests are not touched: nothing runs after. */
  void (*run_end)(struct og_node *n, double now);
  /* Request r, last routed to n, timed out at `now` (node clock; before r
   * is retried or failed): an engine that lets stale requests go only
   * at the boundaries of what it plans, and may plan several at once, ends
   * what it planned at the next one, where it lets every stale waiting
   * request go. Returns a time at which n must run if sooner than the one
   * it gave, else INFINITY, as `arrived` (NULL: nothing; step drops stale
   * requests as it meets them). */
  double (*stale)(struct og_node *n, struct og_request *r, double now);
  /* The engine takes n's queue in (stale requests with it) only at the
   * boundaries of what it plans: node.c leaves a stale head in place
   * rather than drop it whenever n runs (0: it drops it first). */
  int own_queue;
};

#define OG_SERVING_DECLARE(E, name) extern const struct og_serving_type og_serving_##name;
OG_SERVING_LIST(OG_SERVING_DECLARE)
#undef OG_SERVING_DECLARE

/* ---- what node.c offers the engines ---------------------------------- */

static inline int og__entry_live(struct og_qentry en)
{
  return en.hop == en.req->hop && en.req->state == OG_REQ_PENDING;
}

/* Take the head of n's queue. */
static inline struct og_qentry og__node_q_pop(struct og_node *n)
{
  struct og_qentry en = n->q[n->q_head];
  n->q_head = og_ring_at(n->q_head, 1, n->q_cap);
  if (--n->q_len == 0)
    n->e->q_hint[n->id] = NULL;
  return en;
}

/* n lets go of r: stale, finished or handed elsewhere. */
void og__node_release(struct og_node *n, struct og_request *r);

/* Decide, per client request in service, whether a dishonest node cheats
 * on it; the honest-equivalent size of what is in service (a cheated
 * request weighs its strategy's cost factor). The same for one request. */
double og__node_decide(struct og_node *n);
double og__node_decide_one(struct og_node *n, struct og_request *r);

/* n computed during [t0, t1) (node clock), a share `checks` of it
 * re-executing others' results or computing redundant copies, and a share
 * `verify` of the rest its protocol's declared serving cost (og_verify_share):
 * its busy time and the metrics', and, by the engine's n->share_compute and
 * n->share_memory, its roofline's compute and memory seconds. Returns the
 * part of it in the window. */
double og__node_busy(struct og_node *n, double t0, double t1, double checks, double verify);

/* The requests in n->batch are in service from `now` for `seconds` (node
 * clock): the node is busy until then, when node.c delivers them
 * (og__node_finish), unless it fails first (its requests in service and
 * queued then go back to the gateway). */
void og__node_serve(struct og_node *n, double now, double seconds);

/* The requests in n->batch finished, started at t0 (< 0: each at its own
 * t_start, set by the engine) and done at t1 (node clock): results
 * delivered, checks closed, stale ones counted wasted. */
void og__node_finish(struct og_node *n, double t0, double t1);

#endif
