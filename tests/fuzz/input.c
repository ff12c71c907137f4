/* Splitting a fuzz input into a document and --set overrides (input.h). */
#include "input.h"

#include <stdlib.h>
#include <string.h>

#define SEPARATOR "\n#--set\n"

/* First occurrence of needle in the size bytes at s (which may hold NULs). */
static char *find(char *s, size_t size, const char *needle)
{
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= size; i++)
    if (!memcmp(s + i, needle, n))
      return s + i;
  return NULL;
}

/* The lines of s, split in place; empty ones left out. */
static size_t lines(char *s, const char ***out)
{
  size_t n = 0, cap = 1;
  for (const char *c = s; *c; c++)
    cap += *c == '\n';
  const char **v = malloc(cap * sizeof *v);
  if (!v)
    abort();
  for (char *line = s, *nl; line; line = nl) {
    if ((nl = strchr(line, '\n')))
      *nl++ = 0;
    if (*line)
      v[n++] = line;
  }
  *out = v;
  return n;
}

void fuzz_input_split(const uint8_t *data, size_t size, struct fuzz_input *in)
{
  *in = (struct fuzz_input){.text = malloc(size + 1), .len = size};
  if (!in->text)
    abort();
  if (size)
    memcpy(in->text, data, size);
  in->text[size] = 0;
  char *sep = find(in->text, size, SEPARATOR);
  if (sep) {
    in->len = (size_t)(sep - in->text) + 1;
    in->n_sets = lines(sep + strlen(SEPARATOR), &in->sets);
    sep[1] = 0;
  }
}

void fuzz_input_free(struct fuzz_input *in)
{
  free(in->sets);
  free(in->text);
}
