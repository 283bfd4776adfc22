/**
 * How the runtime raises a .NET exception. Pure helpers call `fail()` so that they do not depend on the
 * value model; the exception object itself is the core engine's (see ../values.ts).
 */
export class DotnetFailure extends Error {
  constructor(readonly dotnetType: string, message: string) {
    super(message);
    this.name = dotnetType;
  }
}

export function fail(dotnetType: string, message: string): never {
  throw new DotnetFailure(dotnetType, message);
}

/** .NET's ArgumentNullException text. */
export function argumentNull(parameter: string): never {
  fail('System.ArgumentNullException', `Value cannot be null. (Parameter '${parameter}')`);
}

export function argumentOutOfRange(parameter: string, detail: string): never {
  fail('System.ArgumentOutOfRangeException', `${detail} (Parameter '${parameter}')`);
}

/** .NET 8's FormatException text for a number or value that does not parse. */
export function badInputFormat(input: string): never {
  fail('System.FormatException', `The input string '${input}' was not in a correct format.`);
}
