/** placeholder: registrations follow. */
export {};
