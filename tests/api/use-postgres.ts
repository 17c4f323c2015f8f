process.env.API_STORE = 'postgres'
