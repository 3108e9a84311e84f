#include <stdio.h>

int main(void)
{
	puts("héllo wörld — 日本語のテキスト — Ωμέγα — 🎉🦀 — ✓");
	return 0;
}
