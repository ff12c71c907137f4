/* The one argv parser: each argument looked up in the option table (opts.c),
 * its value checked and stored by its kind; one usage error for all. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "grow.h"

int og_cli_usage_error(enum og_cli_cmd_id id, const char *fmt, ...)
{
  const char *name = og_cli_cmds[id].name;
  va_list ap;
  fprintf(stderr, "ogsim: %s: ", name);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\n(try 'ogsim %s --help')\n", name);
  return OG_EXIT_USAGE;
}

/* The setters: 0 stored, -1 a bad value, -2 out of memory. */
static int set_str(const struct og_cli_opt *o, const char *v, void *at)
{
  (void)o;
  *(const char **)at = v;
  return 0;
}

static int list_add(struct og_cli_list *l, const char *v)
{
  if (og_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v, 8))
    return -2;
  l->v[l->n++] = v;
  return 0;
}

static int set_list(const struct og_cli_opt *o, const char *v, void *at)
{
  (void)o;
  return list_add(at, v);
}

static int set_seed(const struct og_cli_opt *o, const char *v, void *at)
{
  struct og_cli_seed *s = at;
  char *end;
  (void)o;
  errno = 0;
  unsigned long long x = strtoull(v, &end, 10);
  if (!*v || strchr(v, '-') || errno || *end)
    return -1;
  *s = (struct og_cli_seed){x, 1};
  return 0;
}

/* v: a number in [lo, hi] (a whole one when `whole`). */
static int number(const struct og_cli_opt *o, const char *v, int whole, double *x)
{
  char *end;
  errno = 0;
  *x = strtod(v, &end);
  return !*v || errno || *end || !(*x >= o->lo && *x <= o->hi) || (whole && *x != floor(*x))
             ? -1 : 0;
}

static int set_count(const struct og_cli_opt *o, const char *v, void *at)
{
  double x;
  if (number(o, v, 1, &x) != 0)
    return -1;
  *(size_t *)at = (size_t)x;
  return 0;
}

static int set_real(const struct og_cli_opt *o, const char *v, void *at)
{
  double x;
  if (number(o, v, 0, &x) != 0)
    return -1;
  *(double *)at = x;
  return 0;
}

static int set_shard(const struct og_cli_opt *o, const char *v, void *at)
{
  unsigned long i, n;
  char c;
  size_t *sh = at;
  if (sscanf(v, "%lu/%lu%c", &i, &n, &c) != 2 || n == 0 || i >= n || n > o->hi)
    return -1;
  sh[0] = i;
  sh[1] = n;
  return 0;
}

static const struct {
  int (*set)(const struct og_cli_opt *o, const char *v, void *at);
  const char *needs; /* what a value must be (printf of lo, hi); NULL: the arg's name */
} kinds[] = {
  [OG_OPT_FLAG] = {NULL, NULL},
  [OG_OPT_STR] = {set_str, NULL},
  [OG_OPT_LIST] = {set_list, NULL},
  [OG_OPT_SEED] = {set_seed, "a non-negative integer"},
  [OG_OPT_COUNT] = {set_count, "an integer from %g to %g"},
  [OG_OPT_REAL] = {set_real, "a number from %g to %g"},
  [OG_OPT_SHARD] = {set_shard, "I/N with 0 <= I < N"},
};

/* "--seed needs a non-negative integer: VALUE" (v NULL: it was missing). */
static int bad_value(enum og_cli_cmd_id id, const struct og_cli_opt *o, const char *v)
{
  char name[64], needs[128];
  const char *fmt = kinds[o->kind].needs;
  if (fmt)
    snprintf(needs, sizeof needs, fmt, o->lo, o->hi);
  else
    snprintf(needs, sizeof needs, "%s", o->arg);
  og_cli_opt_spell(o, name, sizeof name);
  if (!v)
    return og_cli_usage_error(id, "%s needs %s", name, needs);
  return og_cli_usage_error(id, "%s needs %s: %s", name, needs, v);
}

static int out_of_memory(void)
{
  fprintf(stderr, "ogsim: out of memory\n");
  return OG_EXIT_INTERNAL;
}

static int store(enum og_cli_cmd_id id, const struct og_cli_opt *o, const char *v,
                 struct og_cli_args *a)
{
  int rc = kinds[o->kind].set(o, v, (char *)a + o->at);
  if (rc == -2)
    return out_of_memory();
  return rc ? bad_value(id, o, v) : 0;
}

struct walk {
  enum og_cli_cmd_id id;
  int argc, i;
  char **argv;
  struct og_cli_args *a;
};

static int positional(struct walk *w, const char *arg)
{
  const struct og_cli_cmd *c = &og_cli_cmds[w->id];
  if (w->a->pos.n < c->max)
    return list_add(&w->a->pos, arg) ? out_of_memory() : 0;
  if (c->max == 0)
    return og_cli_usage_error(w->id, "unexpected argument: %s", arg);
  if (c->max == 1)
    return og_cli_usage_error(w->id, "more than one %s given: %s", c->what, arg);
  return og_cli_usage_error(w->id, "too many %ss given: %s", c->what, arg);
}

/* argv[w->i]: an option (taking its value: =VALUE or the next argument,
 * whatever it starts with) or a positional argument. */
static int one(struct walk *w)
{
  const char *arg = w->argv[w->i];
  if (arg[0] != '-' || !arg[1])
    return positional(w, arg);
  const struct og_cli_opt *o = og_cli_opt_find(w->id, arg);
  const char *eq = arg[1] == '-' ? strchr(arg, '=') : NULL;
  if (!o)
    return og_cli_usage_error(w->id, "unknown option: %s", arg);
  if (o->kind == OG_OPT_FLAG && eq)
    return og_cli_usage_error(w->id, "%.*s takes no value: %s", (int)(eq - arg), arg, eq + 1);
  if (o->kind == OG_OPT_FLAG)
    return *(int *)((char *)w->a + o->at) = 1, 0;
  if (eq)
    return store(w->id, o, eq + 1, w->a);
  if (w->i + 1 >= w->argc)
    return bad_value(w->id, o, NULL);
  return store(w->id, o, w->argv[++w->i], w->a);
}

/* After argv: the required options and the positional arguments present. */
static int complete(enum og_cli_cmd_id id, const struct og_cli_args *a)
{
  const struct og_cli_cmd *c = &og_cli_cmds[id];
  char name[64];
  for (size_t k = 0; k < og_cli_n_opts; k++) {
    const struct og_cli_opt *o = &og_cli_opts[k];
    if ((o->cmds & 1u << id) && o->required && !*(const char *const *)((const char *)a + o->at))
      return og_cli_usage_error(id, "%s %s is required", og_cli_opt_spell(o, name, sizeof name),
                                o->arg);
  }
  if (a->pos.n == 0 && c->min > 0)
    return og_cli_usage_error(id, "no %s given", c->what);
  if (a->pos.n < c->min)
    return og_cli_usage_error(id, "%zu %ss wanted, %zu given", c->min, c->what, a->pos.n);
  return 0;
}

int og_cli_parse(enum og_cli_cmd_id id, int argc, char **argv, struct og_cli_args *a)
{
  struct walk w = {id, argc, 1, argv, a};
  int rc = 0;
  *a = (struct og_cli_args){0};
  for (size_t k = 0; rc == 0 && k < og_cli_n_opts; k++)
    if ((og_cli_opts[k].cmds & 1u << id) && og_cli_opts[k].def)
      rc = store(id, &og_cli_opts[k], og_cli_opts[k].def, a);
  for (; rc == 0 && w.i < argc; w.i++)
    rc = one(&w);
  return rc ? rc : complete(id, a);
}

void og_cli_args_free(struct og_cli_args *a)
{
  free(a->pos.v);
  free(a->sets.v);
  free(a->sg_args.v);
  *a = (struct og_cli_args){0};
}

int og_cli_main(enum og_cli_cmd_id id, int argc, char **argv,
                int (*body)(const struct og_cli_args *a))
{
  struct og_cli_args a;
  int rc = og_cli_parse(id, argc, argv, &a);
  if (rc == 0)
    rc = body(&a);
  og_cli_args_free(&a);
  return rc;
}
