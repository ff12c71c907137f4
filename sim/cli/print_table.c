/* Printing a results table for humans: the economics by strategy group. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static double cell(const struct og_column *c, size_t r)
{
  switch (c->type) {
  case OG_COL_F64: return ((const double *)c->data)[r];
  case OG_COL_I64: return (double)((const int64_t *)c->data)[r];
  case OG_COL_U32: return (double)((const uint32_t *)c->data)[r];
  default: return NAN;
  }
}

static const struct og_column *find(const struct og_table *t, const char *name)
{
  for (size_t c = 0; c < t->n_cols; c++)
    if (!strcmp(t->cols[c].name, name))
      return &t->cols[c];
  return NULL;
}

void og_cli_print_strategies(FILE *f, const struct og_table *t)
{
  static const struct {
    const char *col, *head, *fmt;
  } show[] = {
    {"nodes", "nodes", "%7.0f"},       {"results", "results", "%10.0f"},
    {"cheats", "cheats", "%8.0f"},     {"caught", "caught", "%7.0f"},
    {"time_to_catch_mean", "catch (s)", "%10.3g"},
    {"revenue", "revenue", "%10.4g"},  {"rewards", "rewards", "%10.4g"},
    {"cost", "cost", "%10.4g"},        {"slashed", "slashed", "%10.4g"},
    {"profit", "profit", "%11.4g"},    {"profit_per_result", "per result", "%11.4g"},
  };
  enum { N = sizeof show / sizeof show[0] };
  const struct og_column *group = find(t, "group"), *col[N];
  if (!group || group->type != OG_COL_STR || t->n_rows < 2)
    return; /* honest nodes alone: nothing to compare */
  fprintf(f, " economics by strategy (/strategies):\n  %-22s", "group");
  for (size_t i = 0; i < N; i++) {
    col[i] = find(t, show[i].col);
    int w = 0;
    sscanf(show[i].fmt, "%%%d", &w);
    fprintf(f, " %*s", w, show[i].head);
  }
  fputc('\n', f);
  for (size_t r = 0; r < t->n_rows; r++) {
    fprintf(f, "  %-22s", ((const char *const *)group->data)[r]);
    for (size_t i = 0; i < N; i++) {
      double v = col[i] ? cell(col[i], r) : NAN;
      int w = 0;
      sscanf(show[i].fmt, "%%%d", &w);
      if (isnan(v))
        fprintf(f, " %*s", w, "-");
      else {
        fputc(' ', f);
        fprintf(f, show[i].fmt, v);
      }
    }
    fputc('\n', f);
  }
}
