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
"       kiln submit FILE [--wait]   send a run to the shared queue (kiln serve)\n"
"       kiln wait|status|cancel ID  follow, inspect or cancel a queued run\n"
"       kiln queue [--json]         the queue's waiting and running runs\n"
"       kiln approve ID | reject ID --reason TEXT   (reviewers)\n"
"       kiln review                 the workbench's queue view (F8)\n"
"       kiln serve [OPTIONS]        run the queue: the socket, the workers\n"
"       kiln --version | --help\n"
"\n"
"See 'kiln run --help' and kiln(1).\n", f);
}

/* The queue's client commands (cmd-queue.c). */
static int
main_queue_cmd(const char *cmd)
{
	static const char *const cmds[] = {
		"submit", "wait", "status", "cancel",
		"queue", "approve", "reject", NULL
	};
	size_t	i;

	for (i = 0; cmds[i] != NULL; i++)
		if (strcmp(cmd, cmds[i]) == 0)
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
	if (argc >= 2 && strcmp(argv[1], "serve") == 0)
		return cmd_serve(argc - 1, argv + 1);
	if (argc >= 2 && main_queue_cmd(argv[1]))
		return cmd_queue(argc - 1, argv + 1);
	/* kiln [--theme T] [FILE]: the workbench. */
	return ui_main(argc, argv);
}
