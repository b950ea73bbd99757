// Reads a configured, exact environment. Prints the variable count and selected
// variables in a fixed order (independent of the host's environ order), checking that
// an empty value survives, that only the first '=' splits name from value, and that
// an unset name is absent.
const env = process.env;
console.log("count=" + env.size.toString());
const names = ["AS_GREETING", "AS_EMPTY", "AS_EQUALS", "AS_UNICODE", "AS_MISSING"];
for (let i = 0; i < names.length; i++) {
  const name = names[i];
  if (env.has(name)) {
    console.log(name + "=[" + env.get(name) + "]");
  } else {
    console.log(name + " unset");
  }
}
