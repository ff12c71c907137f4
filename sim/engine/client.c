/* The client actor of a region: issues requests from its arrival process and
 * model mix, keeps every unresolved request in deadline order, and on a
 * timeout resends (up to max_retries) or gives up. It ends when every
 * request it issued is resolved, or at the run's hard stop; the last one
 * out waits for the end of the run (run_end.c).
 *
 * In a network mode that shifts clocks (fast) the client acts for the
 * gateway too: a request issued at t is routed at t + latency(client ->
 * gateway), which is when it reaches the gateway. */
#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/semaphore.h>
#include <stdlib.h>

#include "bigmem.h"
#include "engine_internal.h"
#include "grow.h"
#include "netmode.h"
#include "rng.h"

static int fifo_push(struct og_reqfifo *f, struct og_request *r)
{
  if (og_ring_room((void **)&f->v, &f->head, f->len, &f->cap, sizeof *f->v, 64))
    return -1;
  f->v[og_ring_at(f->head, f->len, f->cap)] = r;
  f->len++;
  r->refs++;
  return 0;
}

static struct og_request *fifo_peek(const struct og_reqfifo *f)
{
  return f->len ? f->v[f->head] : NULL;
}

static void fifo_drop(struct og_engine *e, struct og_reqfifo *f)
{
  struct og_request *r = f->v[f->head];
  f->head = og_ring_at(f->head, 1, f->cap);
  f->len--;
  f->base++;
  og__request_unref(e, r);
}

/* The deadline queue (pending). A request resolved while something else
 * still holds it lets its entry go then (og__client_resolved), setting
 * the entry's bit in `gone`; the head and compaction step over entries so
 * marked without reading a request. Read when it reached the head or a
 * compaction, each one cost a cold line: on an LLM network one long
 * answer at the head holds every short request resolved behind it. A bit,
 * not a NULL entry: the bits of thousands of requests share a line, which
 * stays in cache, where an LLM request's entry, resolved seconds after
 * its push, was a miss (2.6% of the LLM bench). Invariant: while r is
 * pending, the entry at r->pend_at holds r (a push sets pend_at, a
 * compaction renumbers, and only the head takes entries off). */
static int bit_get(const uint64_t *bits, size_t i)
{
  return (int)(bits[i / 64] >> (i % 64) & 1);
}

static void bit_put(uint64_t *bits, size_t i, int on)
{
  uint64_t bit = (uint64_t)1 << (i % 64);
  bits[i / 64] = on ? bits[i / 64] | bit : bits[i / 64] & ~bit;
}

static int pend_gone(const struct og_reqfifo *f, size_t i)
{
  return bit_get(f->gone, i);
}

static void pend_mark(struct og_reqfifo *f, size_t i, int gone)
{
  bit_put(f->gone, i, gone);
}

/* Room for one more entry: the ring doubles, laid out again from slot 0,
 * its bits with it. Returns 0, or -1 when out of memory. */
static int pend_room(struct og_reqfifo *f)
{
  if (f->len < f->cap)
    return 0;
  size_t cap = f->cap ? 2 * f->cap : 64;
  if (cap > SIZE_MAX / sizeof *f->v)
    return -1;
  struct og_request **v = og_big_malloc(cap * sizeof *v);
  uint64_t *g = calloc((cap + 63) / 64, sizeof *g);
  if (!v || !g) {
    og_big_free(v, cap * sizeof *v);
    free(g);
    return -1;
  }
  for (size_t i = 0; i < f->len; i++) {
    size_t at = og_ring_at(f->head, i, f->cap);
    v[i] = f->v[at];
    if (pend_gone(f, at))
      bit_put(g, i, 1);
  }
  og_big_free(f->v, f->cap * sizeof *f->v);
  free(f->gone);
  f->v = v;
  f->gone = g;
  f->cap = cap;
  f->head = 0;
  return 0;
}

static void pend_push(struct og_client *c, struct og_request *r)
{
  struct og_reqfifo *f = &c->pending;
  if (pend_room(f) != 0) {
    c->e->oom = 1;
    r->pend_at = UINT64_MAX; /* in no slot: resolving it marks none */
    return;
  }
  size_t i = og_ring_at(f->head, f->len, f->cap);
  r->pend_at = f->base + f->len;
  f->v[i] = r;
  pend_mark(f, i, 0);
  f->len++;
  r->refs++;
}

/* The deadline queue's head, past the entries let go. */
static struct og_request *pend_peek(struct og_reqfifo *f)
{
  while (f->len && pend_gone(f, f->head)) {
    f->head = og_ring_at(f->head, 1, f->cap);
    f->len--;
    f->base++;
  }
  return fifo_peek(f);
}

/* Take the head's entry, unless resolving r let it go meanwhile. */
static void pend_drop(struct og_engine *e, struct og_reqfifo *f, const struct og_request *r)
{
  if (f->len && !pend_gone(f, f->head) && f->v[f->head] == r)
    fifo_drop(e, f);
}

/* Drop the entries of resolved requests from anywhere in f, keeping the
 * order (and renumbering the places) of the rest. */
static void pend_compact(struct og_engine *e, struct og_reqfifo *f)
{
  size_t kept = 0;
  for (size_t i = 0; i < f->len; i++) {
    size_t at = og_ring_at(f->head, i, f->cap);
    if (pend_gone(f, at))
      continue;
    struct og_request *r = f->v[at];
    if (r->state != OG_REQ_PENDING) {
      og__request_unref(e, r);
    } else {
      size_t to = og_ring_at(f->head, kept, f->cap);
      r->pend_at = f->base + kept++;
      f->v[to] = r;
      pend_mark(f, to, 0);
    }
  }
  f->len = kept;
}

void og__client_fifo_free(struct og_reqfifo *f)
{
  free(f->v);
  f->v = NULL;
}

void og__client_pend_free(struct og_reqfifo *f)
{
  og_big_free(f->v, f->cap * sizeof *f->v);
  free(f->gone);
  f->v = NULL;
  f->gone = NULL;
}

/* Time the client acts on a (re)sent attempt. */
static double send_time(const struct og_client *c, const struct og_request *r)
{
  return r->t_attempt + c->act_delay;
}

static void send_attempt(struct og_client *c, struct og_request *r)
{
  og__netstat_c2g(c->e, r);
  c->e->net->to_gateway(c->e, r);
}

static void push_or_oom(struct og_client *c, struct og_reqfifo *f, struct og_request *r)
{
  if (fifo_push(f, r) != 0)
    c->e->oom = 1;
}

/* One message size: the row's (not NAN), else the model's fixed size (no
 * draw, so fixed sizes leave every stream as it was), else a draw. */
static double size_of(double row, const struct og_shape *s, gsl_rng *r)
{
  if (!isnan(row))
    return row;
  return s->dist == OG_SHAPE_FIXED ? s->value : og_shape_draw_size(s, r);
}

/* The request's model, token counts and message sizes: from its arrival (a
 * trace's row) where it says them, else the mix and the model's
 * distributions. A model that is not an LLM has no tokens (0, 0), whatever
 * the row says. */
static void set_shape(struct og_client *c, struct og_request *r)
{
  struct og_engine *e = c->e;
  struct og_arrival_req q;
  og_arrival_req(c->arrival, &q);
  r->model = q.model != OG_TRACE_NO_MODEL
                 ? q.model
                 : (uint32_t)e->sc->workload.mix[og_alias_sample(e->mix_alias, c->mix_rng)].model;
  const struct og_model *m = &e->sc->models[r->model];
  r->prompt_tokens = q.has_prompt && m->decoder ? q.prompt : og_shape_draw(&m->prompt, c->shape_rng);
  r->output_tokens = q.has_output && m->decoder ? q.output : og_shape_draw(&m->output, c->shape_rng);
  r->req_bytes = size_of(q.request_bytes, &m->request_size, c->size_rng);
  r->resp_bytes = size_of(q.response_bytes, &m->response_size, c->size_rng);
}

static void issue(struct og_client *c)
{
  struct og_engine *e = c->e;
  struct og_request *r = og__request_new(e);
  if (!r) {
    e->oom = 1;
    c->next_issue = INFINITY;
    return;
  }
  r->client = c->id;
  r->client_host = (uint32_t)c->next_host;
  c->next_host = c->next_host + 1 < c->n_hosts ? c->next_host + 1 : 0;
  set_shape(c, r);
  r->t_issue = r->t_attempt = c->next_issue;
  r->deadline = r->t_issue + e->sc->workload.timeout;
  og_metrics_issued(e->m, r->t_issue, r->model);
  c->unresolved++;
  pend_push(c, r);
  send_attempt(c, r);
  og__request_unref(e, r); /* the creator's reference */
  double t = og_arrival_next(c->arrival, c->next_issue);
  c->next_issue = t < e->sc->duration ? t : INFINITY;
}

static void timed_out(struct og_client *c, struct og_request *r, double now)
{
  struct og_engine *e = c->e;
  og_metrics_timeout(e->m, now, r->model);
  r->timeouts++;
  /* first: its node may take back what it gave r ahead of time (a first
   * token of a prefill not yet ended), before r is failed and recorded */
  og__node_timed_out(e, r);
  if (r->timeouts > e->sc->workload.max_retries) {
    og__request_fail(e, r, now);
  } else {
    r->hop++; /* copies still queued at a node are now stale */
    r->t_attempt = now;
    r->deadline = now + e->sc->workload.timeout;
    pend_push(c, r);
    push_or_oom(c, &c->retries, r);
  }
}

/* Handle everything due at `now`; return the time of the next event. */
static double step(struct og_client *c, double now)
{
  struct og_engine *e = c->e;
  struct og_request *r;
  while ((r = pend_peek(&c->pending)) &&
         (r->state != OG_REQ_PENDING || r->deadline <= now)) {
    if (r->state == OG_REQ_PENDING)
      timed_out(c, r, now);
    pend_drop(e, &c->pending, r);
  }
  while ((r = fifo_peek(&c->retries)) && send_time(c, r) <= now) {
    if (r->state == OG_REQ_PENDING)
      send_attempt(c, r);
    fifo_drop(e, &c->retries);
  }
  double lat = c->act_delay;
  while (c->next_issue + lat <= now)
    issue(c);
  /* amortised O(1): it reads the unresolved requests, and lets go at
   * least three entries for each */
  if (c->pending.len > 1024 && c->pending.len > 4 * c->unresolved)
    pend_compact(e, &c->pending);
  double next = c->next_issue + lat;
  if ((r = fifo_peek(&c->retries)))
    next = fmin(next, send_time(c, r));
  if ((r = pend_peek(&c->pending)))
    next = fmin(next, r->deadline);
  return next;
}

/* Block until t (or, once issuing is over, until the last request
 * resolves if that comes first). While issuing, a plain sleep. */
static void wait_until(struct og_client *c, double t)
{
  double now = og__now();
  if (!isinf(c->next_issue)) {
    sg_actor_sleep_until(t);
  } else if (t > now) {
    c->waiting = 1;
    sg_sem_acquire_timeout(c->idle, t - now);
    c->waiting = 0;
  }
}

void og__client_resolved(struct og_client *c, struct og_request *r)
{
  struct og_reqfifo *f = &c->pending;
  size_t i = og__pend_slot(c, r);
  if (r->refs > 1 && i != SIZE_MAX && !pend_gone(f, i)) {
    pend_mark(f, i, 1); /* the last holder's release frees it, not this */
    r->refs--;
  }
  if (--c->unresolved > 0 || !isinf(c->next_issue) || c->done)
    return;
  if (c->e->loop) {
    og__loop_client_at(c->e, c, c->e->loop_now);
  } else if (c->waiting) {
    c->waiting = 0;
    sg_sem_release(c->idle);
  }
}

/* Requests still unresolved at the hard stop: counted, never silent. */
static void abandon_left(struct og_client *c, double now)
{
  struct og_engine *e = c->e;
  uint64_t left = 0;
  struct og_request *r;
  while ((r = pend_peek(&c->pending))) {
    if (r->state == OG_REQ_PENDING) {
      og__request_abandon(e, r, now);
      left++;
    }
    pend_drop(e, &c->pending, r);
  }
  while (c->retries.len > 0)
    fifo_drop(e, &c->retries);
  og_metrics_unfinished(e->m, left);
}

double og__client_advance(struct og_client *c, double now)
{
  struct og_engine *e = c->e;
  double next = step(c, now);
  og__progress_tick(e);
  if (isinf(next) || (isinf(c->next_issue) && c->unresolved == 0) || now >= e->hard_stop) {
    abandon_left(c, now);
    c->done = 1;
    e->clients_running--;
    return INFINITY;
  }
  return fmin(next, e->hard_stop);
}

void og__client_actor(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  struct og_client *c = sg_actor_self_get_data();
  struct og_engine *e = c->e;
  for (double t; !isinf(t = og__client_advance(c, og__now()));)
    wait_until(c, t);
  if (e->clients_running == 0) {
    og__run_end_wait(e);
    og__transfers_end(e);
    og__nodes_release(e);
  }
}
