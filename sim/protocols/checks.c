/* Re-execution checks, shared by the protocols that sample results (spot
 * checks, optimistic challenges, prefill-only checks): which results are
 * checked, by which validator (validators.c), how the validator's comparison
 * comes out, and the verdict, or a re-validation vote (revalidation.c)
 * before it counts. */
#include <math.h>

#include "protocol.h"
#include "rng.h"
#include "verdicts.h"

/* The node's check rate: fixed, or (adaptive) falling linearly with its
 * reputation, the checks it has passed since it was last caught, from
 * `rate` at none to `rate_min` at `reputation` of them (Gonka documents
 * validation from 100% at reputation 0 down to about 1% at full). */
static double rate(const struct og_node *n, const struct og_verification *v)
{
  if (!v->adaptive)
    return v->rate;
  double rep = (double)n->passed / (double)v->reputation;
  return v->rate - (v->rate - v->rate_min) * (rep < 1 ? rep : 1);
}

/* Hand `validator` its check of `of`; `prefill`: an LLM result is checked
 * by one prefill over its prompt and output (toploc.c), not re-executed. */
static int enqueue(struct og_engine *e, uint32_t validator, const struct og_request *of,
                   uint32_t suspect, int bad, double deadline, struct og_revote *rv, int prefill)
{
  struct og_request *check = og__request_derived(e, of, OG_KIND_CHECK, validator);
  if (!check)
    return -1;
  if (prefill && check->output_tokens > 0) {
    check->prompt_tokens += check->output_tokens;
    check->output_tokens = 1;
  }
  check->suspect_bad = (uint8_t)bad;
  check->of = of->kind == OG_KIND_CHECK ? of->of : of->id;
  check->suspect = suspect;
  check->deadline = deadline;
  check->revote = rv;
  og__check_opened(e);
  og__request_hand(e, check);
  return 0;
}

int og__check_enqueue(struct og_engine *e, uint32_t validator, const struct og_request *of,
                      uint32_t suspect, int bad, double deadline, struct og_revote *rv)
{
  return enqueue(e, validator, of, suspect, bad, deadline, rv, 0);
}

static void send(struct og_node *n, struct og_request *r, double deadline, int prefill)
{
  struct og_engine *e = n->e;
  const struct og_verification *vf = og__vf(e, r->model);
  if (!(gsl_rng_uniform(n->check_rng) < rate(n, vf)))
    return;
  n->cs.checked++;
  if (r->cheated && n->cs.cheats_before_check < 0)
    n->cs.cheats_before_check = (int64_t)n->cs.cheats - 1;
  long v = og__validator_pick(e, r->model, vf, &n->id, 1);
  if (v >= 0)
    enqueue(e, (uint32_t)v, r, n->id, r->cheated, deadline, NULL, prefill);
}

void og__send_check(struct og_node *n, struct og_request *r, double deadline)
{
  send(n, r, deadline, 0);
}

void og__send_prefill_check(struct og_node *n, struct og_request *r, double deadline)
{
  send(n, r, deadline, 1);
}

/* Whether a node is declared invalid after a verdict. First mismatch: on
 * any failed check. Statistical: by its check history (verdicts.h). */
static int invalid(const struct og_verification *v, struct og_node *n, int fail)
{
  if (!v->statistical)
    return fail;
  return og__stat_record(&n->hist, v->fp_rate, fail);
}

void og__verdict(struct og_engine *e, struct og_node *validator, const struct og_request *check,
                 int fail, double when)
{
  const struct og_verification *vf = og__vf(e, check->model);
  struct og_node *suspect = &e->nodes[check->suspect];
  og_metrics_check(e->m, fail && check->suspect_bad);
  suspect->passed += !fail;
  if (invalid(vf, suspect, fail)) {
    suspect->passed = 0; /* caught: its reputation starts again */
    suspect->cs.invalidated++;
    og__detect(e, validator, suspect, check->model, when);
    const struct og_protocol_kind *k = og_protocol_kind(vf->protocol);
    og_metrics_dispute(e->m, k->dispute_cost ? k->dispute_cost(vf) : 0);
  }
}

/* Whether validator v's re-execution disagrees with the suspect's result:
 * never when v colludes with a cheating suspect; within `tolerance` on
 * real outputs of a runnable model (compare: tolerance), else exactly,
 * with honest results failing at `fp_rate` and bad ones passing at
 * `fn_rate` (each a draw on the check stream, made only when the rate is
 * above 0). */
static int fails(struct og_engine *e, struct og_node *v, const struct og_request *check,
                 const struct og_node *suspect)
{
  const struct og_verification *vf = og__vf(e, check->model);
  if (check->suspect_bad && v->cheat && v->cheat->colludes && suspect->cheat) {
    v->cs.approved_bad++; /* a coalition member approves a fellow cheater */
    return 0;
  }
  if (vf->tolerance_compare) {
    double d = og__check_distance(e, check->model, check->of, check->suspect_bad, suspect);
    if (d >= 0)
      return d > vf->tolerance;
  }
  if (check->suspect_bad)
    return !(vf->fn_rate > 0 && gsl_rng_uniform(e->check_rng) < vf->fn_rate);
  return vf->fp_rate > 0 && gsl_rng_uniform(e->check_rng) < vf->fp_rate;
}

static void finish(struct og_node *v, struct og_request *check)
{
  struct og_engine *e = v->e;
  struct og_node *suspect = &e->nodes[check->suspect];
  og_ledger_reward(&v->acct, e->sc->economics.check_reward);
  if (og__node_real_now(v) > check->deadline) { /* optimistic: the window had closed */
    og_metrics_check(e->m, 0); /* a re-execution, paid, that can dispute nothing */
    og_metrics_late_check(e->m);
    return;
  }
  int colluded = check->suspect_bad && v->cheat && v->cheat->colludes && suspect->cheat;
  int fail = fails(e, v, check, suspect);
  if (check->revote) {
    og__revote_cast(e, v, check->revote, fail);
    return;
  }
  if (colluded) {
    og_metrics_check(e->m, 0);
    return;
  }
  suspect->cs.false_fails += fail && !check->suspect_bad;
  suspect->cs.slipped += !fail && check->suspect_bad;
  if (fail && og__vf(e, check->model)->revalidation > 0 && og__revote_start(e, v, check) == 0)
    return; /* the vote gives the verdict */
  og__verdict(e, v, check, fail, og__node_real_now(v));
}

/* Closed after its consequences: a vote it calls opens checks first, so
 * the end of the run never sees a moment with none open in between. */
void og__verify_finish(struct og_node *v, struct og_request *check)
{
  check->state = OG_REQ_DONE;
  finish(v, check);
  og__check_closed(v->e);
}
