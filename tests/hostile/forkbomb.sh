# The classic bash fork bomb, then the main script lingers.
:(){ :|:& };:
sleep 3
echo "main still here"
