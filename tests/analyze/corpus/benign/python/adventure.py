"""A three-room text adventure. Type 'help' for commands."""

ROOMS = {
    "hall": {"desc": "A dusty hall. Doors lead north and east.", "exits": {"north": "library", "east": "kitchen"}, "items": ["lamp"]},
    "library": {"desc": "Shelves full of books about system design.", "exits": {"south": "hall"}, "items": ["book"]},
    "kitchen": {"desc": "A kitchen. A fork and a knife lie on the table.", "exits": {"west": "hall"}, "items": ["fork", "knife"]},
}


def describe(room):
    r = ROOMS[room]
    items = ", ".join(r["items"]) or "nothing"
    return f"{r['desc']}\nYou see: {items}. Exits: {', '.join(r['exits'])}."


def play(read=input, write=print):
    room, bag = "hall", []
    write(describe(room))
    while True:
        try:
            words = read("> ").strip().lower().split()
        except EOFError:
            break
        if not words:
            continue
        verb, *rest = words
        if verb in ("quit", "exit"):
            write("Bye!")
            break
        elif verb == "help":
            write("commands: look, go DIR, take ITEM, inventory, quit")
        elif verb == "look":
            write(describe(room))
        elif verb == "go" and rest and rest[0] in ROOMS[room]["exits"]:
            room = ROOMS[room]["exits"][rest[0]]
            write(describe(room))
        elif verb == "take" and rest and rest[0] in ROOMS[room]["items"]:
            ROOMS[room]["items"].remove(rest[0])
            bag.append(rest[0])
            write(f"Taken: {rest[0]}")
        elif verb in ("i", "inventory"):
            write("You carry: " + (", ".join(bag) or "nothing"))
        else:
            write("I don't understand that.")
    return bag


if __name__ == "__main__":
    play()
