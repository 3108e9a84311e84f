# Says it is ready, then sleeps with the marker in its argv.
echo ready
exec sleep @MARK@
