# a small program
def hello(name):
    return "Hello, " + name

print(hello("world"))
