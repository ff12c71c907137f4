/* Results files: the one module that includes hdf5.h. A run hands it a
 * description of what to write (scalars, column tables); it knows nothing of
 * which metrics exist, so new metrics need no change here. */
#ifndef OG_RESULTS_IO_H
#define OG_RESULTS_IO_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

enum og_coltype { OG_COL_F64, OG_COL_I64, OG_COL_U32, OG_COL_STR };

/* The version of the layout results files follow (docs/results.md), the
 * root attribute `schema_version`: raised when a dataset, column or
 * attribute is renamed, removed or changes meaning or type. */
#define OG_RESULTS_SCHEMA_VERSION 2

/* One column of a table: n_rows values of `type` at `data` (for OG_COL_STR,
 * an array of n_rows `const char *`). `unit` is "" when dimensionless;
 * `desc` says in one line what a value is (NULL: ""). A coded integer
 * column has the n_labels names of its codes in `labels` (code i is
 * labels[i]), written beside it for readers (docs/results.md). */
struct og_column {
  const char *name;
  const char *unit;
  enum og_coltype type;
  const void *data;
  const char *desc;
  const char *const *labels;
  size_t n_labels;
};

/* A table of equal-length columns. */
struct og_table {
  const char *name;          /* HDF5 path below the root, e.g. "nodes" */
  size_t n_rows;
  size_t n_cols;
  const struct og_column *cols;
  int compound;              /* 1: one compound dataset (rows of records),
                                chunked and gzip-compressed;
                                0: a group with one 1-D dataset per column */
};

/* A named scalar with its unit and a one-line description. */
struct og_scalar {
  const char *name;
  const char *unit;
  const char *desc;
  double value;
};

/* A root attribute: a string when `text` is non-NULL, else `value`. */
struct og_attr {
  const char *name;
  const char *text;
  double value;
};

/* Everything one results file holds. */
struct og_results_doc {
  const struct og_attr *attrs;     /* root attributes (provenance) */
  size_t n_attrs;
  const struct og_scalar *summary; /* -> /summary/<name>, attrs unit, desc */
  size_t n_summary;
  const struct og_scalar *perf;    /* wall-clock figures -> /perf/<name>;
                                      kept apart because they differ run to run */
  size_t n_perf;
  const struct og_table *tables;   /* /timeseries, /nodes, /requests, ... */
  size_t n_tables;
};

/* Write doc to `path` atomically: built in memory, written to
 * "<path>.tmp.<pid>" (its base shortened when that name would be too long)
 * and renamed over `path` only once complete; on failure nothing is left
 * under either name. Refuses what og_results_check_path refuses. A write
 * error (ENOSPC...) is OG_EIO with the system's reason. */
OG_MUST_CHECK enum og_status og_results_write(const char *path, const struct og_results_doc *doc,
                                              struct og_error *err);

/* Whether `path` can take a results file, to ask before long work whose
 * results go there: OG_EINVAL when it exists and is not a regular file (a
 * symbolic link, FIFO, device or folder is never replaced), OG_EIO when its
 * folder is missing or not writable; err says which. Touches nothing. */
OG_MUST_CHECK enum og_status og_results_check_path(const char *path, struct og_error *err);

/* What og_results_read_summary returns: the root attributes (less
 * schema_version, which og_results_write adds itself) and /summary,
 * /perf scalars of a file, copied (owned by the struct). */
struct og_results_summary {
  struct og_attr *attrs;
  size_t n_attrs;
  struct og_scalar *summary;
  size_t n_summary;
  struct og_scalar *perf;
  size_t n_perf;
};

/* Read a results file's attributes and scalars. On failure *out is NULL and
 * err says why (missing file, not HDF5, no /summary group). */
OG_MUST_CHECK enum og_status og_results_read_summary(const char *path,
                                                     struct og_results_summary **out,
                                                     struct og_error *err);
void og_results_summary_free(struct og_results_summary *s);

/* Read table `name` (e.g. "strategies", "links") of a results file, a
 * compound dataset or a group of 1-D column datasets: 64-bit integer
 * columns as OG_COL_I64, unsigned 32-bit ones as OG_COL_U32, other numbers
 * as OG_COL_F64, strings as OG_COL_STR; each column's unit and desc (""
 * when the file gives none) and a coded column's labels (n_labels 0 when
 * it has none). On success *out is owned by the caller
 * (og_results_table_free); on failure it is NULL and err says why
 * (OG_EPARSE: no such table, or not one). */
OG_MUST_CHECK enum og_status og_results_read_table(const char *path, const char *name,
                                                   struct og_table **out, struct og_error *err);
void og_results_table_free(struct og_table *t);

/* The names of a results file's tables (what og_results_read_table reads:
 * its root's compound datasets and groups of 1-D datasets), in the order
 * written. On success *names (n of them) is owned by the caller
 * (og_results_names_free); on failure it is NULL and err says why. */
OG_MUST_CHECK enum og_status og_results_list_tables(const char *path, char ***names, size_t *n,
                                                    struct og_error *err);
void og_results_names_free(char **names, size_t n);

#endif
