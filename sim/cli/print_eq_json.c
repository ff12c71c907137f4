/* ogsim equilibrium --json: the search and its result as one JSON object,
 * for notebooks and scripts. Non-finite numbers are null. */
#include <math.h>
#include <stdio.h>

#include "cli.h"
#include "equilibrium.h"

static void num(FILE *f, const char *key, double v, const char *after)
{
  if (isfinite(v))
    fprintf(f, "\"%s\": %.17g%s", key, v, after);
  else
    fprintf(f, "\"%s\": null%s", key, after);
}

/* s as a JSON string (the texts here are plain, but quote what needs it). */
static void str(FILE *f, const char *s)
{
  fputc('"', f);
  for (; s && *s; s++) {
    if (*s == '"' || *s == '\\')
      fprintf(f, "\\%c", *s);
    else if ((unsigned char)*s < 0x20)
      fprintf(f, "\\u%04x", (unsigned)(unsigned char)*s);
    else
      fputc(*s, f);
  }
  fputc('"', f);
}

static void steps(FILE *f, const struct og_eq_result *r)
{
  fputs("  \"steps\": [", f);
  for (size_t i = 0; i < r->n_steps; i++) {
    const struct og_eq_step *s = &r->steps[i];
    fprintf(f, "%s\n    {", i ? "," : "");
    num(f, "p", s->p, ", ");
    fprintf(f, "\"n\": %zu, ", s->n);
    num(f, "diff", s->diff, ", ");
    num(f, "ci95", s->ci95, ", ");
    fprintf(f, "\"verdict\": %d, \"honesty_pays\": %s}", s->verdict,
            s->diff < 0 ? "true" : "false");
  }
  fputs(r->n_steps ? "\n  ]\n" : "]\n", f);
}

void og_cli_print_eq_json(FILE *f, const struct og_eq_opts *o, const struct og_eq_result *r)
{
  const struct og_eq_theory *t = &r->theory;
  fputs("{\n  \"scenario\": ", f);
  str(f, o->scenario);
  fputs(",\n  \"path\": ", f);
  str(f, o->path);
  fprintf(f, ",\n  \"found\": %s,\n  \"stuck\": %s,\n", r->found ? "true" : "false",
          r->stuck > 0 ? "\"cheating pays at hi\"" : r->stuck < 0 ? "\"honesty pays at lo\""
                                                                  : "null");
  fputs("  \"bracket\": {", f);
  num(f, "lo", r->lo, ", ");
  num(f, "hi", r->hi, ", ");
  num(f, "start_lo", r->start_lo, ", ");
  num(f, "start_hi", r->start_hi, "},\n  ");
  num(f, "tolerance", o->tol, ",\n");
  fprintf(f, "  \"reps\": %zu,\n  \"max_reps\": %zu,\n  \"all_significant\": %s,\n  \"ci95\": ",
          o->reps, o->max_reps, r->all_significant && o->reps > 1 ? "true" : "false");
  if (o->reps < 2) {
    fputs("null,\n", f);
  } else {
    fputc('{', f);
    num(f, "lo", r->ci_lo, ", ");
    num(f, "hi", r->ci_hi, "},\n");
  }
  fputs("  \"closed_form\": {", f);
  num(f, "C", t->C, ", ");
  num(f, "R", t->R, ", ");
  num(f, "S", t->S, ", ");
  num(f, "p_star", t->p_star, ", ");
  fputs("\"why_they_may_differ\": [", f);
  for (size_t i = 0; i < t->n_why; i++) {
    fputs(i ? ", " : "", f);
    str(f, t->why[i]);
  }
  fputs("]},\n", f);
  steps(f, r);
  fputs("}\n", f);
}
