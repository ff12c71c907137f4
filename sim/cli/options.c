/* Command-line options shared by `run` and `validate`. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "estimate.h"
#include "scenario.h"

static int usage_error(const char *what, const char *arg)
{
  fprintf(stderr, "ogsim: %s%s%s\n(try 'ogsim --help')\n", what, arg ? ": " : "", arg ? arg : "");
  return OG_EXIT_USAGE;
}

static int parse_seed(const char *s, unsigned long long *out)
{
  char *end;
  errno = 0;
  if (!*s || *s == '-')
    return -1;
  *out = strtoull(s, &end, 10);
  return errno || *end ? -1 : 0;
}

/* The value of option argv[*i] (the next argument), or NULL. */
static const char *value(int argc, char **argv, int *i)
{
  return *i + 1 < argc ? argv[++*i] : NULL;
}

static int one(int argc, char **argv, int *i, int allow_run, struct og_cli_opts *o)
{
  const char *a = argv[*i], *v;
  if (!strcmp(a, "--set")) {
    if (!(v = value(argc, argv, i)))
      return usage_error("--set needs PATH=VALUE", NULL);
    o->sets[o->n_sets++] = v;
  } else if (!strcmp(a, "--seed")) {
    if (!(v = value(argc, argv, i)) || parse_seed(v, &o->seed) != 0)
      return usage_error("--seed needs a non-negative integer", v);
    o->has_seed = 1;
  } else if (allow_run && !strcmp(a, "-o")) {
    if (!(o->out = value(argc, argv, i)))
      return usage_error("-o needs a file name", NULL);
  } else if (allow_run && !strcmp(a, "--sg")) {
    if (!(v = value(argc, argv, i)))
      return usage_error("--sg needs a SimGrid argument", NULL);
    o->sg_args[o->n_sg_args++] = v;
  } else if (allow_run && (!strcmp(a, "-q") || !strcmp(a, "--quiet"))) {
    o->quiet = 1;
  } else if (!strcmp(a, "--force")) {
    o->force = 1;
  } else if (allow_run && !strcmp(a, "--summary-only")) {
    o->summary_only = 1;
  } else if (a[0] == '-' && a[1]) {
    return usage_error("unknown option", a);
  } else if (o->scenario) {
    return usage_error("more than one scenario file given", a);
  } else {
    o->scenario = a;
  }
  return 0;
}

int og_cli_parse(int argc, char **argv, int allow_run, struct og_cli_opts *o)
{
  memset(o, 0, sizeof *o);
  o->sets = calloc((size_t)argc + 1, sizeof *o->sets);
  o->sg_args = calloc((size_t)argc + 1, sizeof *o->sg_args);
  if (!o->sets || !o->sg_args)
    return usage_error("out of memory", NULL);
  for (int i = 1; i < argc; i++) {
    int rc = one(argc, argv, &i, allow_run, o);
    if (rc)
      return rc;
  }
  if (!o->scenario)
    return usage_error("no scenario file given", NULL);
  return 0;
}

/* The run's estimate into o->estimate; OG_EINVAL when it exceeds this
 * machine's memory and --force was not given. */
static enum og_status estimate(struct og_cli_opts *o, const struct og_scenario *sc,
                               struct og_error *err)
{
  struct og_estimate_in in;
  struct og_estimate e;
  if (og_estimate_input(sc, &in) != OG_OK)
    return og_error_set(err, OG_ENOMEM, "out of memory");
  og_estimate_compute(&in, &e);
  og_estimate_format(&e, o->estimate, sizeof o->estimate);
  enum og_status st = og_estimate_check(&e, og_machine_memory(), err);
  return o->force ? OG_OK : st;
}

int og_cli_load(int argc, char **argv, int allow_run, struct og_cli_opts *o,
                struct og_scenario **sc)
{
  struct og_error err = {{0}};
  *sc = NULL;
  int rc = og_cli_parse(argc, argv, allow_run, o);
  if (rc != 0)
    return rc;
  uint64_t seed = o->seed;
  enum og_status st = og_scenario_load(o->scenario, o->sets, o->n_sets,
                                       o->has_seed ? &seed : NULL, sc, &err);
  if (st == OG_OK)
    st = estimate(o, *sc, &err);
  if (st == OG_OK)
    return 0;
  fprintf(stderr, "ogsim: %s\n", err.msg);
  return st == OG_ENOMEM ? OG_EXIT_INTERNAL : OG_EXIT_USAGE;
}

void og_cli_done(struct og_cli_opts *o, struct og_scenario *sc)
{
  og_scenario_free(sc);
  free(o->sets);
  free(o->sg_args);
}
