import type { SimResponse } from '../kit/index.js';

/**
 * Zaia's error envelope, as seen on the same API's 401 (`check-creation-balance`), used for
 * every error status (A12). The codes and names are this simulator's guesses; the shape is not.
 */
export interface ZaiaErrorEnvelope {
  code: string;
  cta: { type: 'support-contact'; url: string };
  feedback: { enUs: string; esEs: string; ptBr: string };
  message: string;
  name: string;
}

interface ErrorKind {
  code: string;
  name: string;
  feedback: ZaiaErrorEnvelope['feedback'];
}

const kinds: Record<number, ErrorKind> = {
  400: {
    code: 'invalid-request',
    name: 'BadRequestError',
    feedback: {
      enUs: 'The request has invalid parameters.',
      esEs: 'La solicitud tiene parámetros inválidos.',
      ptBr: 'A requisição possui parâmetros inválidos.',
    },
  },
  401: {
    code: 'unauthorized',
    name: 'UnauthorizedError',
    feedback: {
      enUs: 'Invalid or missing API key.',
      esEs: 'Clave de API inválida o ausente.',
      ptBr: 'Chave de API inválida ou ausente.',
    },
  },
  404: {
    code: 'not-found',
    name: 'NotFoundError',
    feedback: {
      enUs: 'The requested resource was not found.',
      esEs: 'No se encontró el recurso solicitado.',
      ptBr: 'O recurso solicitado não foi encontrado.',
    },
  },
  429: {
    code: 'too-many-requests',
    name: 'TooManyRequestsError',
    feedback: {
      enUs: 'Too many requests. Please try again later.',
      esEs: 'Demasiadas solicitudes. Inténtalo de nuevo más tarde.',
      ptBr: 'Muitas requisições. Tente novamente mais tarde.',
    },
  },
};

const fallbackKind: ErrorKind = {
  code: 'internal-server-error',
  name: 'InternalServerError',
  feedback: {
    enUs: 'Something went wrong. Please contact support.',
    esEs: 'Algo salió mal. Por favor, contacta con soporte.',
    ptBr: 'Algo deu errado. Por favor, entre em contato com o suporte.',
  },
};

export function zaiaErrorEnvelope(status: number, message: string, supportUrl: string): ZaiaErrorEnvelope {
  const kind = kinds[status] ?? (status >= 400 && status < 500 ? { ...fallbackKind, code: 'request-error', name: 'RequestError' } : fallbackKind);
  return {
    code: kind.code,
    cta: { type: 'support-contact', url: supportUrl },
    feedback: kind.feedback,
    message,
    name: kind.name,
  };
}

export function zaiaErrorResponse(status: number, message: string, supportUrl: string): SimResponse {
  return { status, json: zaiaErrorEnvelope(status, message, supportUrl) };
}
