/* ogsim validate: load and check a scenario, print what it describes: its
 * size, the memory estimate, and the pre-flight capacity (what each node
 * class serves of each model, against the offered load). */
#include <math.h>
#include <stdio.h>

#include "cli.h"
#include "estimate.h"
#include "scenario.h"

static const char *duration(double s, char *buf, size_t len)
{
  if (s < 1e-3)
    snprintf(buf, len, "%.3f us", s * 1e6);
  else if (s < 1)
    snprintf(buf, len, "%.3f ms", s * 1e3);
  else
    snprintf(buf, len, "%.3f s", s);
  return buf;
}

/* Per class and model of the mix: one request alone, its best batch (the
 * class's max_batch; for an LLM on the continuous engine, max_num_seqs or
 * what the KV cache holds), and
 * what the class serves of that model alone; per class, what it serves of
 * the mix and how busy an even share of the offered load (every node the
 * same: random routing) keeps it; then the mix's capacity against the
 * offered rate, with a warning when the rate exceeds it or a class would
 * be nearly always busy. The figures are the batching engine's roofline
 * with the model's protocol (overhead, copies): queueing and routing come
 * on top. */
static void preflight(const struct og_scenario *sc)
{
  char a[32], b[32], per[32];
  printf("capacity (the serving engine's roofline, protocol overhead and copies included;\n"
         "  queueing and routing not; LLMs at their mean prompt and output lengths):\n");
  printf("  %-16s %-16s %12s %26s %16s\n", "class", "model", "1 request", "best batch (per request)",
         "requests/s");
  for (size_t k = 0; k < sc->n_classes; k++) {
    const struct og_node_class *c = &sc->classes[k];
    for (size_t i = 0; i < sc->workload.n_mix; i++) {
      const struct og_model *m = &sc->models[sc->workload.mix[i].model];
      double B = og_best_batch(sc, c, m), tb = og_batch_seconds(c, m, B);
      double cap = (double)c->count * B / (tb * og_request_copies(m));
      char full[64];
      snprintf(full, sizeof full, "%s / %.0f (%s)", duration(tb, b, sizeof b), B,
               duration(tb / B, per, sizeof per));
      printf("  %-16s %-16s %12s %26s %16.0f\n", c->name, m->name,
             duration(og_batch_seconds(c, m, 1), a, sizeof a), full, cap);
    }
  }
  double total = 0, rate = og_offered_rate(sc), nodes = (double)og_scenario_node_count(sc);
  int hot = 0;
  printf("  %-16s %16s %26s\n", "class", "requests/s (mix)", "busy with an even share");
  for (size_t k = 0; k < sc->n_classes; k++) {
    double cap = og_class_capacity(sc, k);
    double busy = rate * (double)sc->classes[k].count / nodes / cap; /* rate/N per node */
    total += cap;
    hot |= busy >= 0.95;
    printf("  %-16s %16.0f %25.0f%%\n", sc->classes[k].name, cap, 100 * busy);
  }
  printf("offered: %.0f requests/s; capacity with the mix: %.0f requests/s (offered/capacity "
         "%.0f%%)\n", rate, total, total > 0 ? 100 * rate / total : INFINITY);
  if (rate > total)
    printf("WARNING: the offered load exceeds what all nodes can serve at their best batches: queues "
           "grow for the whole run and latency figures depend on its length; lower the rate or "
           "add nodes\n");
  else if (hot)
    printf("WARNING: a class would be busy 95%% of the time or more with an even share of the "
           "load (random routing's); load-aware routing moves some of it to faster classes, "
           "but may not move enough: the summary names the classes that were overloaded\n");
}

int og_cmd_validate(int argc, char **argv)
{
  struct og_cli_loaded l;
  int rc = og_cli_load(OG_CLI_VALIDATE, argc, argv, &l);
  const struct og_scenario *sc = l.sc;
  if (rc == 0)
    printf("%s: ok: '%s', %zu nodes in %zu classes, %zu regions, %zu models, %s network\n",
           l.a.pos.v[0], sc->name, og_scenario_node_count(sc), sc->n_classes, sc->n_regions,
           sc->n_models, og_net_mode_names[sc->net_mode]);
  if (rc == 0)
    printf("estimate: %s\n", l.estimate);
  if (rc == 0)
    preflight(sc);
  og_cli_done(&l);
  return rc;
}
