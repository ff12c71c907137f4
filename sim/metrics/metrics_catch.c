/* Censoring-aware catch statistics: Kaplan-Meier medians (with 95%
 * intervals) and restricted means of how long and how many results it
 * took to catch a cheater, counting the cheaters the run ended before
 * catching as censored rather than leaving them out (the caught-only
 * means of metrics_fraud.c are biased low when some are not caught). */
#include <math.h>
#include <stdlib.h>

#include "km.h"
#include "metrics_internal.h"

/* The summary entries of one estimate: median, its interval, RMST. */
struct km_ids {
  enum og_sum_id median, lo, hi, rmst;
};

/* Fit o[0..n) and set ids; `shift` is subtracted from every estimate (the
 * sample was counted from 1 to follow the convention on censoring). */
static void estimate(struct og_metrics *m, struct og_km_obs *o, size_t n, double shift,
                     struct km_ids ids)
{
  struct og_km km;
  if (og_km_fit(&km, o, n) != OG_OK) {
    m->oom = 1; /* the times are checked finite and >= 0 below: only ENOMEM */
    return;
  }
  og__metrics_set(m, ids.median, km.median - shift);
  og__metrics_set(m, ids.lo, km.median_lo - shift);
  og__metrics_set(m, ids.hi, km.median_hi - shift);
  og__metrics_set(m, ids.rmst, km.rmst - shift);
  og_km_fini(&km);
}

/* Every dishonest node that cheated is a subject, observed from its first
 * cheat. Kaplan-Meier counts a subject censored at x as at risk for the
 * events at x (it survived x), which holds for time and results to catch
 * (a cheater that delivered x results uncaught was not caught at x). A
 * cheater whose c cheats were none checked may have its first check on
 * cheat c+1, so cheats before check = c is still possible: that sample is
 * counted as the index of the first checked cheat (cheats before + 1,
 * censored at c) and shifted back by one. */
void og__metrics_catch_km(struct og_metrics *m, const struct og_cheat_stats *cs,
                          const int *dishonest, double sim_end)
{
  size_t subjects = 0;
  for (size_t i = 0; i < m->n_nodes; i++)
    subjects += dishonest[i] && cs[i].first_cheat >= 0;
  struct og_km_obs *tt = malloc(3 * (subjects ? subjects : 1) * sizeof *tt);
  if (!tt) {
    m->oom = 1;
    return;
  }
  struct og_km_obs *rt = tt + subjects, *bc = rt + subjects;
  size_t n = 0, censored = 0;
  for (size_t i = 0; i < m->n_nodes; i++) {
    const struct og_cheat_stats *c = &cs[i];
    if (!dishonest[i] || c->first_cheat < 0)
      continue;
    int caught = c->caught >= 0;
    double end = caught ? c->caught : sim_end;
    tt[n] = (struct og_km_obs){fmax(0, end - c->first_cheat), caught};
    rt[n] = (struct og_km_obs){(double)(caught ? c->results_to_catch : c->results), caught};
    int checked = c->cheats_before_check >= 0;
    bc[n] = (struct og_km_obs){checked ? (double)c->cheats_before_check + 1 : (double)c->cheats,
                               checked};
    censored += !caught;
    n++;
  }
  og__metrics_set(m, OG_SUM_CHEATERS_CENSORED, (double)censored);
  estimate(m, tt, n, 0,
           (struct km_ids){OG_SUM_TIME_TO_CATCH_KM_MEDIAN, OG_SUM_TIME_TO_CATCH_KM_MEDIAN_LO,
                           OG_SUM_TIME_TO_CATCH_KM_MEDIAN_HI, OG_SUM_TIME_TO_CATCH_RMST});
  estimate(m, rt, n, 0,
           (struct km_ids){OG_SUM_RESULTS_TO_CATCH_KM_MEDIAN,
                           OG_SUM_RESULTS_TO_CATCH_KM_MEDIAN_LO,
                           OG_SUM_RESULTS_TO_CATCH_KM_MEDIAN_HI, OG_SUM_RESULTS_TO_CATCH_RMST});
  estimate(m, bc, n, 1,
           (struct km_ids){OG_SUM_CHEATS_BEFORE_CHECK_KM_MEDIAN,
                           OG_SUM_CHEATS_BEFORE_CHECK_KM_MEDIAN_LO,
                           OG_SUM_CHEATS_BEFORE_CHECK_KM_MEDIAN_HI,
                           OG_SUM_CHEATS_BEFORE_CHECK_RMST});
  free(tt);
}
