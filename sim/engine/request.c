/* Requests: a slab pool with a free list (a run creates millions), and their
 * resolution into metrics records. */
#include <simgrid/engine.h>
#include <stdlib.h>
#include <string.h>

#include "bigmem.h"
#include "engine_internal.h"
#include "prefetch.h"
#include "routing.h"

/* While the event loop runs and nothing runs on SimGrid, its time is the
 * clock (loop.c); else SimGrid's. One simulation per process, as SimGrid. */
static const double *loop_clock;

double og__now(void)
{
  return loop_clock ? *loop_clock : simgrid_get_clock();
}

void og__now_follow(const double *clock)
{
  loop_clock = clock;
}

static int grow(struct og_engine *e)
{
  if (e->n_slabs == e->cap_slabs) {
    size_t cap = e->cap_slabs ? 2 * e->cap_slabs : 16;
    struct og_request **s = realloc(e->req_slabs, cap * sizeof *s);
    if (!s)
      return -1;
    e->req_slabs = s;
    e->cap_slabs = cap;
  }
  /* line-aligned, as struct og_request asks; zeroed: refs 0, free */
  struct og_request *slab = og_big_calloc(OG_REQ_SLAB * sizeof *slab);
  if (!slab)
    return -1;
  e->req_slabs[e->n_slabs++] = slab;
  for (size_t i = OG_REQ_SLAB; i-- > 0;) {
    slab[i].next_free = e->free_reqs;
    e->free_reqs = &slab[i];
  }
  return 0;
}

struct og_request *og__request_new(struct og_engine *e)
{
  if (!e->free_reqs && grow(e) != 0)
    return NULL;
  struct og_request *r = e->free_reqs;
  e->free_reqs = r->next_free;
  /* the next one out was freed long ago when a long request held it in
   * its client's deadline queue: fetch it while this one is in use */
  og_prefetch_write(e->free_reqs, e->free_reqs ? sizeof *r : 0);
  memset(r, 0, sizeof *r);
  r->id = e->next_req_id++;
  r->refs = 1;
  r->state = OG_REQ_PENDING;
  r->t_ready = r->t_start = r->t_finish = r->t_first = -1;
  e->live_reqs++;
  return r;
}

struct og_request *og__request_derived(struct og_engine *e, const struct og_request *of,
                                       int kind, size_t node)
{
  struct og_request *r = og__request_new(e);
  if (!r) {
    e->oom = 1;
    return NULL;
  }
  r->kind = (uint8_t)kind;
  r->model = of->model;
  r->client = of->client;
  r->client_host = of->client_host;
  r->prompt_tokens = of->prompt_tokens;
  r->output_tokens = of->output_tokens;
  r->req_bytes = of->req_bytes;
  r->resp_bytes = of->resp_bytes;
  r->node = (uint32_t)node;
  return r;
}

void og__request_hand(struct og_engine *e, struct og_request *r)
{
  og_router_load_add(e->router, r->node, +1);
  og__in_hand(&e->nodes[r->node], r->model, +1);
  og__node_enqueue(e, &e->nodes[r->node], r);
  og__request_unref(e, r);
}

void og__request_unref(struct og_engine *e, struct og_request *r)
{
  if (--r->refs > 0)
    return;
  og__proto_request_free(e, r);
  if (r->kind == OG_KIND_REPLICA && r->orig)
    og__request_unref(e, r->orig);
  if (r->kind == OG_KIND_CHECK && r->state == OG_REQ_PENDING)
    og__check_closed(e); /* lost with every node down: it will never finish */
  r->next_free = e->free_reqs;
  e->free_reqs = r;
  e->live_reqs--;
}

void og__requests_free(struct og_engine *e)
{
  for (size_t i = 0; i < e->n_slabs; i++) {
    for (size_t j = 0; j < OG_REQ_SLAB; j++)
      if (e->req_slabs[i][j].refs)
        og__proto_request_free(e, &e->req_slabs[i][j]);
    og_big_free(e->req_slabs[i], OG_REQ_SLAB * sizeof *e->req_slabs[i]);
  }
  free(e->req_slabs);
  e->req_slabs = NULL;
  e->n_slabs = e->cap_slabs = 0;
  e->free_reqs = NULL;
}

static void resolve(struct og_engine *e, struct og_request *r, int status, double t_done)
{
  if (r->state == OG_REQ_PENDING && r->kind == OG_KIND_CLIENT)
    og__client_prefetch(&e->clients[r->client], r);
  struct og_req_record rec = {
    .id = r->id,
    .client = r->client,
    .model = r->model,
    .node = r->node,
    .attempts = 1u + r->timeouts,
    .failovers = r->failovers,
    .status = status,
    .t_issue = r->t_issue,
    .t_ready = r->t_ready,
    .t_start = r->t_start,
    .t_finish = r->t_finish,
    .t_first = r->t_first,
    .t_done = t_done,
    .prompt_tokens = r->prompt_tokens,
    .output_tokens = r->output_tokens,
    .request_bytes = r->req_bytes,
    .response_bytes = r->resp_bytes,
    .verify_delay = r->verify_delay,
  };
  /* Shift the node-side times onto real time for the record. */
  if (r->t_ready >= 0) {
    double shift = og__node_clock_shift(&e->nodes[r->node]);
    rec.t_ready += shift;
    rec.t_start = r->t_start >= 0 ? r->t_start + shift : r->t_start;
    rec.t_finish = r->t_finish >= 0 ? r->t_finish + shift : r->t_finish;
    rec.t_first = r->t_first >= 0 ? r->t_first + shift : r->t_first;
  }
  int was_pending = r->state == OG_REQ_PENDING;
  r->state = status == OG_REC_OK ? OG_REQ_DONE : OG_REQ_FAILED;
  if (og_metrics_resolved(e->m, &rec) != OG_OK)
    e->oom = 1;
  if (t_done > e->last_done)
    e->last_done = t_done;
  if (was_pending)
    og__client_resolved(&e->clients[r->client], r);
  og__progress_tick(e);
}

void og__request_succeed(struct og_engine *e, struct og_request *r, double t_done)
{
  resolve(e, r, OG_REC_OK, t_done);
}

void og__request_fail(struct og_engine *e, struct og_request *r, double t)
{
  resolve(e, r, OG_REC_FAILED, t);
}

void og__request_abandon(struct og_engine *e, struct og_request *r, double t)
{
  resolve(e, r, OG_REC_UNFINISHED, t);
}
