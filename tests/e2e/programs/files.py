import os
for d in ("/work", "/tmp"):
    p = os.path.join(d, "sub", "data.txt")
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write("data in %s\n" % d * 1000)
    with open(p) as f:
        back = f.read()
    os.rename(p, p + ".moved")
    print(d, len(back), back.splitlines()[0], os.path.exists(p + ".moved"))
print("cwd", os.getcwd(), "home", os.environ.get("HOME"))
print("relative", open("sub/data.txt.moved").read(12) == "data in /wor")
