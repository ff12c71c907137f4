/* ogsim validate: load and check a scenario, print what it describes. */
#include <stdlib.h>

#include "cli.h"
#include "scenario.h"

int og_cmd_validate(int argc, char **argv)
{
  struct og_cli_opts o;
  struct og_scenario *sc = NULL;
  struct og_error err = {{0}};
  int rc = og_cli_parse(argc, argv, 0, &o);
  if (rc == 0) {
    uint64_t seed = o.seed;
    enum og_status st = og_scenario_load(o.scenario, o.sets, o.n_sets, o.has_seed ? &seed : NULL,
                                         &sc, &err);
    if (st != OG_OK) {
      fprintf(stderr, "ogsim: %s\n", err.msg);
      rc = st == OG_ENOMEM ? OG_EXIT_INTERNAL : OG_EXIT_USAGE;
    } else {
      printf("%s: ok: '%s', %zu nodes in %zu classes, %zu regions, %zu models, %s network\n",
             o.scenario, sc->name, og_scenario_node_count(sc), sc->n_classes, sc->n_regions,
             sc->n_models, sc->net_mode == OG_NET_FAST ? "fast" : "exact");
    }
  }
  og_scenario_free(sc);
  free(o.sets);
  free(o.sg_args);
  return rc;
}
