#!/bin/bash
# Format a saved service status listing (status.txt, produced elsewhere)
# into a short report. Each line: "<unit> <state>".
input=${1:-status.txt}
systemctl_status=()
failed_units=()

while read -r unit state _; do
    [[ -z $unit || $unit == \#* ]] && continue
    systemctl_status+=("$unit:$state")
    [[ $state == failed ]] && failed_units+=("$unit")
done < "$input"

printf 'units: %d, failed: %d\n' "${#systemctl_status[@]}" "${#failed_units[@]}"
for entry in "${systemctl_status[@]}"; do
    unit=${entry%%:*}
    state=${entry#*:}
    case $state in
        active)   mark="+" ;;
        inactive) mark="-" ;;
        failed)   mark="!" ;;
        *)        mark="?" ;;
    esac
    printf ' [%s] %s\n' "$mark" "$unit"
done
