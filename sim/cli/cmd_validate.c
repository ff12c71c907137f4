/* ogsim validate: load and check a scenario, print what it describes. */
#include "cli.h"
#include "scenario.h"

int og_cmd_validate(int argc, char **argv)
{
  struct og_cli_opts o;
  struct og_scenario *sc = NULL;
  int rc = og_cli_load(argc, argv, 0, &o, &sc);
  if (rc == 0)
    printf("%s: ok: '%s', %zu nodes in %zu classes, %zu regions, %zu models, %s network\n",
           o.scenario, sc->name, og_scenario_node_count(sc), sc->n_classes, sc->n_regions,
           sc->n_models, og_net_mode_names[sc->net_mode]);
  if (rc == 0)
    printf("estimate: %s\n", o.estimate);
  og_cli_done(&o, sc);
  return rc;
}
