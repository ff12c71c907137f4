/* libFuzzer harness for the scenario loader, as `ogsim validate` calls it:
 * a scenario text, then optionally a line "#--set" and one override a line. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "input.h"
#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What scenario.h promises of a loaded scenario: indices in range. */
static int consistent(const struct og_scenario *sc)
{
  int ok = sc->n_regions > 0 && sc->gateway_region < sc->n_regions;
  for (size_t i = 0; i < sc->n_classes; i++)
    ok &= sc->classes[i].region < sc->n_regions;
  for (size_t i = 0; i < sc->n_wan; i++)
    ok &= sc->wan[i].a < sc->n_regions && sc->wan[i].b < sc->n_regions;
  for (size_t i = 0; i < sc->workload.n_clients; i++)
    ok &= sc->workload.clients[i].region < sc->n_regions;
  for (size_t i = 0; i < sc->workload.n_mix; i++)
    ok &= sc->workload.mix[i].model < sc->n_models;
  for (size_t i = 0; i < sc->n_dishonest; i++)
    ok &= sc->dishonest[i].cls < sc->n_classes || sc->dishonest[i].cls == SIZE_MAX;
  return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct fuzz_input in;
  struct og_scenario *sc = NULL;
  struct og_error err = {{0}};
  fuzz_input_split(data, size, &in);
  /* A name in scenarios/, so relative calibration and platform paths resolve there. */
  enum og_status st = og_scenario_parse(in.text, in.len, OGSIM_FUZZ_SOURCE_DIR "/scenarios/fuzz.yaml",
                                        in.sets, in.n_sets, NULL, &sc, &err);
  if ((st == OG_OK) != (sc != NULL) || (st != OG_OK && !err.msg[0]) || (sc && !consistent(sc)))
    abort();
  og_scenario_free(sc);
  fuzz_input_free(&in);
  return 0;
}
