/* Running one scenario: the library's entry point for a simulation.
 * SimGrid holds global state and can be initialised once per process, so a
 * process runs at most one simulation (sweeps fork one process per point). */
#ifndef OG_ENGINE_H
#define OG_ENGINE_H

#include <stddef.h>
#include <stdio.h>

#include "results_io.h"
#include "scenario.h"
#include "status.h"

/* A snapshot handed to the progress callback. */
struct og_progress {
  double sim_time;     /* s, simulated clock */
  double sim_end;      /* s, scenario duration (arrivals stop there) */
  double wall;         /* s since the run started */
  unsigned long long resolved;   /* requests completed or failed so far */
  unsigned long long unresolved; /* requests issued and not yet resolved */
  double hard_stop;    /* s, simulated time at which the run stops at the latest */
};

struct og_run_opts {
  /* Called from inside the simulation as it makes progress, at most every
   * 10 ms of wall time, never while nothing happens; may be NULL. Must not
   * call back into the engine. */
  void (*progress)(void *ud, const struct og_progress *p);
  void *progress_ud;
  /* Extra SimGrid options ("--cfg=..." or "--log=..."), may be NULL/0. */
  const char *const *simgrid_args;
  size_t n_simgrid_args;
};

struct og_run;

/* Clients issue requests during [0, duration); the run ends when every
 * issued request is resolved (answered, or given up after its last attempt
 * timed out) and every check handed to a validator has finished (with the
 * re-validation votes and challenge windows it serves), or at this hard
 * stop, duration + drain + timeout x (1 + max_retries), at the latest:
 * requests unresolved then are counted in requests_unfinished, checks still
 * open in checks_unfinished. */
double og_run_hard_stop(const struct og_scenario *sc);

/* Run the scenario to its end. On success *out owns the run's results
 * (og_run_free). Can be called once per process (SimGrid). */
OG_MUST_CHECK enum og_status og_run_scenario(const struct og_scenario *sc,
                                             const struct og_run_opts *opts, struct og_run **out,
                                             struct og_error *err);

/* The results document of a finished run, for og_results_write. Points into
 * the run: valid until og_run_free. */
const struct og_results_doc *og_run_doc(const struct og_run *run);

/* The /summary scalars of a finished run (same storage as og_run_doc). */
const struct og_scalar *og_run_summary(const struct og_run *run, size_t *n);

void og_run_free(struct og_run *run);

/* How a generated platform names the hosts the engine looks up. */
enum og_platform_naming {
  OG_PLATFORM_IDS,   /* from indices: "gateway", "c0" per client, "n17" per node (runs) */
  OG_PLATFORM_NAMES, /* the names a user's platform must use: "gateway",
                        "client-REGION", "CLASS-I" (I from 0 in each class) */
  OG_PLATFORM_ROUTES, /* as OG_PLATFORM_IDS, but only the first node of each
                         region has a host: runs whose nodes are no actors
                         (the event loop) need only the routes, which every
                         node of a region shares */
};

/* Write the SimGrid platform XML generated for a scenario to f: one Cluster
 * zone per region (a private up/down link per host), regions joined by WAN
 * links where the engine routes between them. Zones, border hosts and links
 * have ids from indices; names are XML-escaped. OG_EINVAL when, in
 * OG_PLATFORM_NAMES, a client and a node would share a host name; OG_EIO
 * if writing failed; err says why. */
OG_MUST_CHECK enum og_status og_platform_write(const struct og_scenario *sc,
                                               enum og_platform_naming nm, FILE *f,
                                               struct og_error *err);

#endif
