bp> data ÿş
