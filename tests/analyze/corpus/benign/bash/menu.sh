#!/bin/bash
# Interactive unit converter. The loop ends when the user picks "quit".
PS3="choose a conversion: "
options=("km to miles" "celsius to fahrenheit" "kg to pounds" "quit")

convert() {
    # awk is used only as a calculator here
    awk -v x="$2" "BEGIN { printf \"%.2f\n\", $1 }"
}

select opt in "${options[@]}"; do
    case $REPLY in
        1) read -r -p "km: " v;  echo "$(convert 'x * 0.621371' "$v") miles" ;;
        2) read -r -p "°C: " v;  echo "$(convert 'x * 9 / 5 + 32' "$v") °F" ;;
        3) read -r -p "kg: " v;  echo "$(convert 'x * 2.20462' "$v") lb" ;;
        4) echo "bye"; break ;;
        *) echo "invalid option: $opt" ;;
    esac
done
