/* Fraud detection in a run's metrics: how much dishonest nodes cheated, how
 * fast they were caught (as a distribution over cheaters), and the
 * /strategies table: per strategy group, what its nodes earned, spent and
 * lost. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "metrics_internal.h"
#include "profit.h"

static double pct(double *v, size_t n, double q)
{
  og_sort_doubles(v, n);
  return og_percentile_sorted(v, n, q);
}

/* Spot-check theory: a node cheating on every request under rate p has a
 * geometric number of unchecked cheats before its first check, mean
 * (1-p)/p; time and results to catch follow from its service rate. */
void og__metrics_cheating(struct og_metrics *m, const struct og_cheat_stats *cs,
                          const int *dishonest)
{
  double cheaters = 0, caught = 0, cheats = 0, before = 0, n_before = 0, ttc = 0, rtc = 0;
  double jailings = 0;
  double *t = og__metrics_own(m, m->n_nodes * sizeof *t);
  double *k = og__metrics_own(m, m->n_nodes * sizeof *k);
  for (size_t i = 0; t && k && i < m->n_nodes; i++) {
    jailings += (double)cs[i].jailings;
    if (!dishonest[i])
      continue;
    cheaters++;
    cheats += (double)cs[i].cheats;
    if (cs[i].cheats_before_check >= 0)
      before += (double)cs[i].cheats_before_check, n_before++;
    if (cs[i].caught >= 0) {
      t[(size_t)caught] = cs[i].caught - cs[i].first_cheat;
      k[(size_t)caught] = (double)cs[i].results_to_catch;
      ttc += t[(size_t)caught];
      rtc += k[(size_t)caught];
      caught++;
    }
  }
  double pending = (double)m->bad_pending;
  double undetected = cheats - (double)m->detections - pending;
  size_t nc = (size_t)caught;
  og__metrics_set(m, OG_SUM_DISHONEST_NODES, cheaters);
  og__metrics_set(m, OG_SUM_CHEATS, cheats);
  og__metrics_set(m, OG_SUM_CHECKS, (double)m->checks);
  og__metrics_set(m, OG_SUM_CHECKS_UNFINISHED, (double)m->checks_unfinished);
  og__metrics_set(m, OG_SUM_DETECTIONS, (double)m->detections);
  og__metrics_set(m, OG_SUM_BAD_RESULTS_UNDETECTED, undetected);
  og__metrics_set(m, OG_SUM_BAD_RESULTS_PENDING, pending);
  og__metrics_set(m, OG_SUM_BAD_RESULTS_PER_MILLION,
                  m->completed ? 1e6 * undetected / (double)m->completed : NAN);
  og__metrics_set(m, OG_SUM_CHEATERS_CAUGHT, caught);
  og__metrics_set(m, OG_SUM_CHEATS_BEFORE_CHECK_MEAN, n_before ? before / n_before : NAN);
  og__metrics_set(m, OG_SUM_TIME_TO_CATCH_MEAN, nc ? ttc / caught : NAN);
  og__metrics_set(m, OG_SUM_TIME_TO_CATCH_P50, nc && t ? pct(t, nc, 0.5) : NAN);
  og__metrics_set(m, OG_SUM_TIME_TO_CATCH_P90, nc && t ? pct(t, nc, 0.9) : NAN);
  og__metrics_set(m, OG_SUM_RESULTS_TO_CATCH_MEAN, nc ? rtc / caught : NAN);
  og__metrics_set(m, OG_SUM_RESULTS_TO_CATCH_P90, nc && k ? pct(k, nc, 0.9) : NAN);
  og__metrics_set(m, OG_SUM_JAILINGS, jailings);
}

struct group_sums {
  double nodes, results, cheats, checked, caught, revenue, rewards, cost, slashed, forfeited;
  double ttc, rtc;
};

static void add_node(struct group_sums *g, const struct og_cheat_stats *c, double cost)
{
  g->nodes++;
  g->results += (double)c->results;
  g->cheats += (double)c->cheats;
  g->checked += (double)c->checked;
  g->revenue += c->revenue;
  g->rewards += c->rewards;
  g->cost += cost;
  g->slashed += c->slashed;
  g->forfeited += c->forfeited;
  if (c->caught >= 0) {
    g->caught++;
    g->ttc += c->caught - c->first_cheat;
    g->rtc += (double)c->results_to_catch;
  }
}

/* "honest", or "STRATEGY@CLASS" ("@all" for a network-wide stake share). */
static const char *group_name(struct og_metrics *m, size_t g)
{
  if (g == 0)
    return "honest";
  const struct og_dishonest *d = &m->sc->dishonest[g - 1];
  const char *strat = og_scenario_cheat_name(d->strategy);
  const char *cls = d->cls == SIZE_MAX ? "all" : m->sc->classes[d->cls].name;
  size_t len = strlen(strat) + strlen(cls) + 2;
  char *s = og__metrics_own(m, len);
  if (s)
    snprintf(s, len, "%s@%s", strat, cls);
  return s;
}

/* The /strategies columns after "group": name, unit, type, description,
 * and the value for a group's sums s (profit: og_profit of them). */
#define I OG_COL_I64
#define F OG_COL_F64
#define STRATEGY_COLS(X)                                                                   \
  X("nodes", "", I, "nodes of the group", s->nodes)                                        \
  X("results", "", I, "results the group delivered", s->results)                           \
  X("cheats", "", I, "bad results among them", s->cheats)                                  \
  X("checked", "", I, "results checked", s->checked)                                       \
  X("caught", "", I, "nodes of the group detected at least once (a count)", s->caught)     \
  X("revenue", OG_MONEY, F, "fees earned", s->revenue)                                     \
  X("rewards", OG_MONEY, F, "validator rewards earned", s->rewards)                        \
  X("cost", OG_MONEY, F, "operating cost of busy time", s->cost)                           \
  X("slashed", OG_MONEY, F, "stake taken", s->slashed)                                     \
  X("forfeited", OG_MONEY, F, "unsettled fees lost on ejection", s->forfeited)             \
  X("profit", OG_MONEY, F, "revenue + rewards - cost - slashed", profit)                   \
  X("profit_per_result", OG_MONEY, F, "profit per delivered result",                       \
    s->results ? profit / s->results : NAN)                                                \
  X("time_to_catch_mean", "s", F, "mean first cheat to detection, over caught nodes only", \
    s->caught ? s->ttc / s->caught : NAN)                                                  \
  X("results_to_catch_mean", "", F, "mean results before detection, over caught nodes only", \
    s->caught ? s->rtc / s->caught : NAN)

enum og_status og__metrics_strategies(struct og_metrics *m, const struct og_cheat_stats *cs,
                                      const int *dishonest)
{
  const struct og_scenario *sc = m->sc;
  size_t ng = sc->n_dishonest + 1;
  struct group_sums *g = og__metrics_own(m, ng * sizeof *g);
  if (!g)
    return OG_ENOMEM;
  for (size_t i = 0; i < m->n_nodes; i++)
    add_node(&g[dishonest[i]], &cs[i], og__metrics_node_cost(m, i, cs[i].busy_all));
  struct og_table_builder b = og__metrics_table(m, "strategies", ng, 1);
  const char **name = og__metrics_col(&b, "group", "",
                                      "honest, or a dishonest group: strategy@class", OG_COL_STR);
  static const struct {
    const char *name, *unit;
    enum og_coltype type;
    const char *desc;
  } dcol[] = {
#define COL_DECL(cname, unit, type, desc, value) {cname, unit, type, desc},
    STRATEGY_COLS(COL_DECL)
#undef COL_DECL
  };
  enum { NC = sizeof dcol / sizeof dcol[0] };
  void *col[NC];
  for (size_t c = 0; c < NC; c++)
    col[c] = og__metrics_col(&b, dcol[c].name, dcol[c].unit, dcol[c].desc, dcol[c].type);
  if (b.oom)
    return OG_ENOMEM;
  for (size_t r = 0; r < ng; r++) {
    const struct group_sums *s = &g[r];
    double profit = og_profit(s->revenue, s->rewards, s->cost, s->slashed);
    double v[NC] = {
#define COL_VALUE(cname, unit, type, desc, value) value,
      STRATEGY_COLS(COL_VALUE)
#undef COL_VALUE
    };
    for (size_t c = 0; c < NC; c++)
      if (dcol[c].type == OG_COL_I64)
        ((int64_t *)col[c])[r] = (int64_t)v[c];
      else
        ((double *)col[c])[r] = v[c];
    if (!(name[r] = group_name(m, r)))
      return OG_ENOMEM;
  }
  return OG_OK;
}
#undef I
#undef F
