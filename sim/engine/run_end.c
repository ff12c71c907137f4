/* The end of a run: the last client out waits for the network and for the
 * verification work still open (validators' re-executions, re-validation
 * votes, challenge windows), bounded by the hard stop; what is open then is
 * counted, never silently dropped. */
#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/semaphore.h>

#include "engine_internal.h"

void og__check_opened(struct og_engine *e)
{
  e->checks_open++;
}

void og__check_closed(struct og_engine *e)
{
  if (--e->checks_open == 0 && e->quiet_waiting) {
    e->quiet_waiting = 0;
    sg_sem_release(e->quiet);
  }
}

/* Whether open check r could still change a verdict on a bad result: its
 * window (optimistic) has not closed at the validator's real time. */
static int may_still_find(struct og_engine *e, const struct og_request *r)
{
  return r->suspect_bad && og__node_real_now(&e->nodes[r->node]) <= r->deadline;
}

/* Checks still open at the hard stop, and the bad results whose verdict
 * they (or the votes they are cast in) still owed: counted apart, so those
 * results are not taken for undetected ones. */
void og__run_end_count(struct og_engine *e)
{
  uint64_t open = 0, bad = 0;
  for (size_t s = 0; s < e->n_slabs && e->checks_open > 0; s++)
    for (size_t i = 0; i < OG_REQ_SLAB; i++) {
      const struct og_request *r = &e->req_slabs[s][i];
      if (r->refs == 0 || r->kind != OG_KIND_CHECK || r->state != OG_REQ_PENDING)
        continue;
      open++;
      if (may_still_find(e, r) && (!r->revote || og__revote_mark_once(r->revote)))
        bad++;
    }
  og_metrics_checks_unfinished(e->m, open, bad);
}

void og__run_end_wait(struct og_engine *e)
{
  for (double now = og__now(); now < e->hard_stop; now = og__now()) {
    if (e->in_flight > 0) {
      sg_actor_sleep_for(1e-3);
    } else if (e->checks_open > 0) {
      e->quiet_waiting = 1;
      int timed_out = sg_sem_acquire_timeout(e->quiet, e->hard_stop - now);
      e->quiet_waiting = 0;
      if (timed_out)
        break;
    } else {
      break;
    }
  }
  if (e->last_done > og__now())
    sg_actor_sleep_until(fmin(e->last_done, e->hard_stop));
  og__run_end_count(e);
}
