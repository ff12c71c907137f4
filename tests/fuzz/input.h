/* A fuzz input split into a document and its --set overrides: the text up
 * to a line "#--set", then one PATH=VALUE a line. Shared by the harnesses. */
#ifndef OG_FUZZ_INPUT_H
#define OG_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

struct fuzz_input {
  char *text;        /* the document (may hold NULs), len bytes, NUL after */
  size_t len;
  const char **sets; /* the non-empty lines after the separator */
  size_t n_sets;
};

/* Split a copy of data; aborts when out of memory. Free with fuzz_input_free. */
void fuzz_input_split(const uint8_t *data, size_t size, struct fuzz_input *in);
void fuzz_input_free(struct fuzz_input *in);

#endif
