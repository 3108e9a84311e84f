/* main.c - kiln's single binary: dispatch to the subcommands */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "kiln.h"
#include "ui.h"

/* Top-level help. */
static void
main_usage(FILE *f)
{
	fputs(
"usage: kiln [--theme T] [FILE]     the full-screen workbench (F1: its keys)\n"
"       kiln run [OPTIONS] FILE|-   run a program in the sandbox\n"
"       kiln history [COMMAND]      list, show ID, rerun ID, diff ID [ID2],\n"
"                                   export, prune: the runs kiln recorded\n"
"       kiln analyze [--json] FILE|- what a program would do that deserves\n"
"                                   a look (nothing is run)\n"
"       kiln langs [--json]         languages and their runtimes\n"
"       kiln --version | --help\n"
"\n"
"See 'kiln run --help' and kiln(1).\n", f);
}

/* Commands of the design that later work adds (analyzer, history, queue). */
static int
main_later(const char *cmd)
{
	static const char *const later[] = {
		"submit", "wait", "status", "cancel",
		"queue", "approve", "reject", "serve", "review", NULL
	};
	size_t	i;

	for (i = 0; later[i] != NULL; i++)
		if (strcmp(cmd, later[i]) == 0)
			return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "run") == 0)
		return cmd_run(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "history") == 0)
		return cmd_history(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "analyze") == 0)
		return cmd_analyze(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "langs") == 0)
		return cmd_langs(argc - 1, argv + 1);
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0)) {
		main_usage(stdout);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("kiln %s\n", KILN_VERSION);
		return 0;
	}
	if (argc >= 2 && main_later(argv[1])) {
		fprintf(stderr, "kiln: '%s' is not part of this build yet; "
		    "see 'kiln --help' for what is\n", argv[1]);
		return 125;
	}
	/* kiln [--theme T] [FILE]: the workbench. */
	return ui_main(argc, argv);
}
