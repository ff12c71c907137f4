/* Internal to the results module (results_*.c, the only files that include
 * hdf5.h): error handling and the state shared by the writer's parts. */
#ifndef OG_RESULTS_H5_H
#define OG_RESULTS_H5_H

#include <hdf5.h>
#include <stddef.h>

#include "results_io.h"

/* HDF5's automatic error printer, saved by og__h5_quiet_begin (which turns
 * it off) and put back by og__h5_quiet_end. */
struct og__h5_quiet {
  H5E_auto2_t func;
  void *data;
};

void og__h5_quiet_begin(struct og__h5_quiet *q);
void og__h5_quiet_end(const struct og__h5_quiet *q);

/* Copy into buf what HDF5's error stack says went wrong: "<API function's
 * message> (<innermost message>)", or "unknown HDF5 error" when it is empty.
 * Call it right after the failing HDF5 call: the next API call clears the
 * stack. */
void og__h5_reason(char *buf, size_t size);

/* A new variable-length UTF-8 string type (what h5py reads as str); the
 * caller closes it. Negative on failure. */
hid_t og__h5_vlen_str(void);

/* Open a results file read-only (*file), telling a missing or unreadable
 * file (OG_EIO) from one that is not HDF5 (OG_EPARSE); call between
 * og__h5_quiet_begin and _end. */
OG_MUST_CHECK enum og_status og__h5_open_read(const char *path, hid_t *file,
                                              struct og_error *err);

/* Where a write goes and the property lists all its objects share. */
struct og__wctx {
  const char *path; /* the final name, for messages */
  struct og_error *err;
  hid_t gcpl; /* groups: link creation order tracked and indexed, no times */
  hid_t ocpl; /* scalar datasets: no timestamps */
  hid_t lcpl; /* links: intermediate groups created */
  hid_t vstr; /* variable-length UTF-8 string */
};

/* On failure err is set and every member closed. */
OG_MUST_CHECK enum og_status og__wctx_init(struct og__wctx *w, const char *path,
                                           struct og_error *err);
void og__wctx_fini(struct og__wctx *w);

/* Set w->err to "cannot write 'path': <what> '<name>': <HDF5's reason>";
 * returns OG_EIO. */
enum og_status og__h5_fail(const struct og__wctx *w, const char *what, const char *name);

/* Set w->err to "cannot write 'path': out of memory"; returns OG_ENOMEM. */
enum og_status og__out_of_memory(const struct og__wctx *w);

/* Write a scalar attribute `name` of file_type on obj from buf (mem_type). */
OG_MUST_CHECK enum og_status og__h5_put_attr(const struct og__wctx *w, hid_t obj, const char *name,
                                             hid_t file_type, hid_t mem_type, const void *buf);

/* Attach a scalar variable-length string attribute (NULL text: ""). */
OG_MUST_CHECK enum og_status og__h5_put_str_attr(const struct og__wctx *w, hid_t obj,
                                                 const char *name, const char *text);

/* Write table t below file (layout: see results_table.c). */
OG_MUST_CHECK enum og_status og__results_write_table(const struct og__wctx *w, hid_t file,
                                                     const struct og_table *t);

/* Put size bytes of image at path atomically (results_file.c): written to a
 * temporary name in the same folder (removed on SIGINT/SIGTERM by the
 * command's handler, see tmpfiles.h), flushed to disk and renamed over
 * path only once complete. On failure nothing is left under either name
 * and err gives the system's reason. */
OG_MUST_CHECK enum og_status og__results_put_file(const char *path, const void *image, size_t size,
                                                  struct og_error *err);

/* How a numeric element of file type ft is read (*mem: a new memory type
 * of *size bytes): the writer's int64 and uint32 columns keep their type
 * (so they can be written back unchanged), any other number becomes a
 * double. */
enum og_coltype og__results_num_type(hid_t ft, hid_t *mem, size_t *size);

/* Read table t's column units and descriptions from compound dataset d's
 * attributes `units` and `descriptions` (new strings, "" each when it has
 * none) and each coded column's `labels_<column>`; OG_ENOMEM on failure,
 * what was allocated being left in t for og_results_table_free. */
OG_MUST_CHECK enum og_status og__results_read_units(hid_t d, struct og_table *t);

/* Read a table stored as group g of 1-D datasets, one per column in
 * creation order, each with its `unit`, `description` and (coded) `labels`
 * attributes, into t (n_rows, n_cols,
 * cols). OG_EPARSE when it is not such a group (lengths differ, a dataset
 * of another shape or type); on failure what was allocated is left in t
 * for og_results_table_free. */
OG_MUST_CHECK enum og_status og__results_read_group(hid_t g, struct og_table *t);

#endif
