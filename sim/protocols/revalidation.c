/* Re-validation: a failed check does not count at once; `revalidation`
 * further validators re-execute the same result on their own capacity and
 * the mismatch stands only when a strict majority of them also find it
 * (Gonka documents such a vote among validators before invalidation). An
 * honest node's false failure is then upheld with probability
 * P(Binomial(k, f) > k/2) instead of 1, at the price of k re-executions per
 * failed check; colluding voters approve their coalition's cheats. */
#include <math.h>
#include <stdlib.h>

#include "protocol.h"
#include "verdicts.h"

struct og_revote {
  struct og_revote *next;  /* every vote of the run, freed at the end */
  struct og_request first; /* copy of the failed check that called the vote */
  uint32_t validator;      /* who ran that check (the whistleblower) */
  uint32_t n, left, fails;
  int marked;              /* counted at the hard stop (og__revote_mark_once) */
};

int og__revote_start(struct og_engine *e, struct og_node *v, const struct og_request *check)
{
  const struct og_verification *vf = og__vf(e, check->model);
  uint32_t not[2 + 99] = {check->suspect, v->id};
  size_t n = 0;
  for (; n < vf->revalidation; n++) {
    long c = og__validator_pick(e, check->model, vf, not, 2 + n);
    if (c < 0)
      break;
    not[2 + n] = (uint32_t)c;
  }
  /* aligned as the request it holds asks (engine_internal.h) */
  struct og_revote *rv = n ? aligned_alloc(_Alignof(struct og_revote), sizeof *rv) : NULL;
  if (!rv) {
    e->oom |= n > 0;
    return -1;
  }
  *rv = (struct og_revote){.next = e->revotes, .first = *check, .validator = v->id,
                           .n = (uint32_t)n, .left = (uint32_t)n};
  e->revotes = rv;
  for (size_t i = 0; i < n; i++)
    if (og__check_enqueue(e, not[2 + i], check, check->suspect, check->suspect_bad, INFINITY,
                          rv) != 0)
      rv->left--; /* out of memory: the run is flagged, the vote goes on short */
  return 0;
}

void og__revote_cast(struct og_engine *e, struct og_node *voter, struct og_revote *rv, int fail)
{
  og_metrics_check(e->m, 0); /* a re-execution; the detection counts with the verdict */
  rv->fails += (uint32_t)(fail != 0);
  if (--rv->left > 0)
    return;
  int upheld = og__revote_upheld(rv->fails, rv->n);
  og_metrics_revalidation(e->m, !upheld);
  og__verdict(e, &e->nodes[rv->validator], &rv->first, upheld, og__node_real_now(voter));
}

int og__revote_mark_once(struct og_revote *rv)
{
  int first = !rv->marked;
  rv->marked = 1;
  return first;
}

void og__revotes_free(struct og_engine *e)
{
  while (e->revotes) {
    struct og_revote *next = e->revotes->next;
    free(e->revotes);
    e->revotes = next;
  }
}
