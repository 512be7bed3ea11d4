import { getOperationAST, type DocumentNode, type ExecutionArgs, type GraphQLError, type GraphQLSchema, type OperationTypeNode } from 'graphql';

/** What Yoga's envelop pipeline gives for one operation (`yoga.getEnveloped(initialContext)`). */
export interface Enveloped {
  schema: GraphQLSchema;
  parse(source: string): DocumentNode;
  validate(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[];
  contextFactory(): unknown;
  execute(args: ExecutionArgs): unknown;
  subscribe(args: ExecutionArgs): unknown;
}

/** The request of one operation, as both paths read it. */
export interface OperationParams {
  query: string;
  variables?: Readonly<Record<string, unknown>> | null | undefined;
  operationName?: string | null | undefined;
}

/**
 * One GraphQL operation driven through Yoga's envelop pipeline outside Yoga's HTTP handler: the
 * same parse (and its cache), validation (document limits), context (the client key), and
 * execute or subscribe (every plugin's hooks) that Yoga runs. The lean SSE path and the
 * WebSocket path both take these steps; only their order differs: a WebSocket authenticates
 * before it parses (an unauthenticated socket learns nothing about the schema), the SSE path
 * must know it holds a valid subscription before it writes a byte or makes a context.
 */
export class EnvelopedOperation {
  readonly #enveloped: Enveloped;
  readonly #params: OperationParams;
  #document: DocumentNode | undefined;

  constructor(enveloped: Enveloped, params: OperationParams) {
    this.#enveloped = enveloped;
    this.#params = params;
  }

  /** The operation a graphql-ws `execute` or `subscribe` is called for (its root value, see `args`). */
  static of(args: ExecutionArgs): EnvelopedOperation {
    return args.rootValue as EnvelopedOperation;
  }

  /** Throws as envelop's parser does (a parse error, a token limit). */
  parse(): DocumentNode {
    this.#document = this.#enveloped.parse(this.#params.query);
    return this.#document;
  }

  /** The operation's type in the parsed document (undefined when it has no such operation). */
  get type(): OperationTypeNode | undefined {
    return getOperationAST(this.#parsed(), this.#params.operationName)?.operation;
  }

  /** Validation errors, none when valid; a document limit may throw instead. */
  validate(): readonly GraphQLError[] {
    return this.#enveloped.validate(this.#enveloped.schema, this.#parsed());
  }

  /** The operation's context, from the gateway's context factory (authentication included). */
  context(): Promise<unknown> {
    return Promise.resolve().then(() => this.#enveloped.contextFactory());
  }

  /** The arguments to run it with; the root value is this operation, so that `run` can be found from them. */
  args(contextValue: unknown): ExecutionArgs {
    return {
      schema: this.#enveloped.schema,
      document: this.#parsed(),
      operationName: this.#params.operationName,
      variableValues: this.#params.variables,
      contextValue,
      rootValue: this,
    };
  }

  /** Subscribes or executes, as its type says, through envelop. */
  run(args: ExecutionArgs): unknown {
    return this.type === 'subscription' ? this.#enveloped.subscribe(args) : this.#enveloped.execute(args);
  }

  #parsed(): DocumentNode {
    return this.#document ?? this.parse();
  }
}
