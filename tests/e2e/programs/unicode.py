print("héllo wörld — 日本語のテキスト — Ωμέγα — 🎉🦀 — ✓")
