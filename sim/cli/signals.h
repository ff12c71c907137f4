/* How a command ends on SIGINT, SIGTERM or SIGHUP. */
#ifndef OG_CLI_SIGNALS_H
#define OG_CLI_SIGNALS_H

/* From now on these signals remove the files being written (tmpfiles.h),
 * say so on stderr and exit with 128 + the signal's number (130 for
 * SIGINT, 143 for SIGTERM). A signal ignored when the program started (a
 * background job without job control) stays ignored. */
void og_cli_catch_signals(void);

#endif
