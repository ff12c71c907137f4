/* ogsim run: load a scenario, simulate it, write the results file and print
 * the summary. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "signals.h"
#include "engine.h"
#include "scenario.h"

/* results/NAME.h5 (allocated), creating results/ when missing; NULL, having
 * said why, when NAME would put the file elsewhere or results/ cannot be
 * made. */
static char *default_out(const struct og_scenario *sc)
{
  const char *name = sc->name ? sc->name : "";
  size_t size = strlen(name) + sizeof "results/.h5";
  char *out;
  if (!name[0] || !strcmp(name, ".") || !strcmp(name, "..") || strchr(name, '/')) {
    fprintf(stderr, "ogsim: scenario name '%s' cannot name a file in results/ (%s); give the "
            "output file with -o\n", name, name[0] ? "it names a folder or contains '/'" : "empty");
    return NULL;
  }
  if (mkdir("results", 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "ogsim: cannot create the results/ directory: %s\n", strerror(errno));
    return NULL;
  }
  if (!(out = malloc(size)))
    fprintf(stderr, "ogsim: out of memory\n");
  else
    snprintf(out, size, "results/%s.h5", name);
  return out;
}

static void print_run(const struct og_scenario *sc, const struct og_run *run, const char *out,
                      int all)
{
  const struct og_results_doc *doc = og_run_doc(run);
  printf("scenario %s (seed %llu): results in %s\n", sc->name, (unsigned long long)sc->seed, out);
  og_cli_print_summary(stdout, doc->summary, doc->n_summary, all);
  og_cli_print_warnings(stdout, doc->attrs, doc->n_attrs);
  for (size_t i = 0; i < doc->n_tables; i++)
    if (!strcmp(doc->tables[i].name, "strategies"))
      og_cli_print_strategies(stdout, &doc->tables[i]);
  og_cli_print_perf(stdout, doc->perf, doc->n_perf, all);
}

/* Simulate and write to out, which was checked beforehand so that a bad
 * output path costs no simulation. */
static int simulate(const struct og_cli_args *o, const struct og_scenario *sc, const char *out)
{
  struct og_error err = {{0}};
  struct progress_state ps = {0};
  struct og_run_opts ro = {o->quiet ? NULL : og_cli_progress, &ps, o->sg_args.v, o->sg_args.n};
  struct og_run *run = NULL;
  enum og_status st = og_results_check_path(out, &err);
  if (st == OG_OK) {
    st = og_run_scenario(sc, &ro, &run, &err);
    og_cli_progress_end(&ps);
  }
  if (st == OG_OK) {
    struct og_results_doc doc = *og_run_doc(run);
    if (o->summary_only)
      doc.n_tables = 0;
    st = og_results_write(out, &doc, &err);
  }
  if (st != OG_OK) {
    fprintf(stderr, "ogsim: %s\n", err.msg);
    og_run_free(run);
    return st == OG_EINVAL || st == OG_EIO ? OG_EXIT_USAGE : OG_EXIT_INTERNAL;
  }
  if (!o->quiet)
    print_run(sc, run, out, o->all_sections);
  og_run_free(run);
  return OG_EXIT_OK;
}

int og_cmd_run(int argc, char **argv)
{
  struct og_cli_loaded l;
  og_cli_catch_signals();
  int rc = og_cli_load(OG_CLI_RUN, argc, argv, &l);
  if (rc == 0) {
    const char *out = l.a.out;
    char *own = out ? NULL : default_out(l.sc);
    rc = out || own ? simulate(&l.a, l.sc, out ? out : own) : OG_EXIT_USAGE;
    free(own);
  }
  og_cli_done(&l);
  return rc;
}

int og_cli_run_task(int argc, char **argv)
{
  return argc >= 2 ? og_cmd_run(argc - 1, argv + 1) : OG_EXIT_USAGE;
}
