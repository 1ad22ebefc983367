// A producer process for the debounce crash test:
// `node --import tsx debounce-caller.ts <url> <prefix> <mode> <inputs…>`. Mode `resolve` awaits one
// `debounce` per input and prints `resolved <run id>` after the last; mode `stall` lets the first
// debounce script that succeeds through, then holds every later command of its client forever and prints
// `stored`: the process is stuck between storing its input and anything that follows.
import { createWorkflowQueue } from "@awaitly/bullmq";
import { Redis, type Command } from "ioredis";

const [url, prefix, mode, ...inputs] = process.argv.slice(2) as [string, string, string, ...string[]];
const connection = new Redis(url, { maxRetriesPerRequest: null });
const queue = createWorkflowQueue<number[], number[], never>("digest", { connection, prefix });
const options = { quietMs: 100 };

if (mode === "stall") {
  let stalled = false;
  const send = connection.sendCommand.bind(connection);
  connection.sendCommand = (command: Command, stream?: never): unknown => {
    if (stalled) return command.promise;
    const sent = send(command, stream) as Promise<unknown>;
    const isScript = command.name === "evalsha" || command.name === "eval";
    if (isScript && command.args.some((arg) => String(arg).includes("debounce"))) {
      // A NOSCRIPT answer stored nothing: the EVAL that follows it is the one that counts.
      sent.then(
        () => {
          stalled = true;
          process.stdout.write("stored\n");
        },
        () => {},
      );
    }
    return sent;
  };
  void queue.debounce("user-1", Number(inputs[0]), options);
} else {
  let runId = "";
  for (const input of inputs) {
    const added = await queue.debounce("user-1", Number(input), options);
    if (!added.ok) throw added.error;
    if (runId !== "" && runId !== added.value.runId) throw new Error("two run ids for one batch");
    runId = added.value.runId;
  }
  process.stdout.write(`resolved ${runId}\n`);
}
